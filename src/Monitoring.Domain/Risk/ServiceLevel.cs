namespace Monitoring.Domain.Risk;

/// <summary>Service level (一级 / 二级 / 三级服务), 001_c1a4964215f4f1e9.txt, 二.</summary>
public enum ServiceLevel
{
    /// <summary>一级服务 (001 二(一)): education, vaccination nudges, consultation.</summary>
    Level1 = 1,

    /// <summary>二级服务 (001 二(二)): home treatment with remote monitoring, follow-up every 3 days, referral on triggers.</summary>
    Level2 = 2,

    /// <summary>三级服务 (001 二(三)): expert assessment; home with level-2 care if fit, otherwise referral.</summary>
    Level3 = 3,
}
