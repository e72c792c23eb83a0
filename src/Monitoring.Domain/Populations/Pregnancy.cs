namespace Monitoring.Domain.Populations;

/// <summary>
/// A pregnancy as recorded for the <see cref="KeyPopulation.Pregnant"/> category: its
/// five-colour risk and the gestational week (0-45).
/// </summary>
public sealed record Pregnancy
{
    /// <summary>Highest gestational week accepted; later values are treated as entry errors.</summary>
    public const int MaxGestationalWeek = 45;

    /// <summary>"孕周在37周及以上" is priority, 003 做好当前孕产妇和儿童健康管理与医疗服务保障工作要求 二.</summary>
    public const int PriorityFromWeek = 37;

    public Pregnancy(PregnancyRisk risk, int gestationalWeek)
    {
        if (!Enum.IsDefined(risk))
        {
            throw new ArgumentOutOfRangeException(nameof(risk), risk, "Unknown pregnancy risk colour.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(gestationalWeek);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gestationalWeek, MaxGestationalWeek);
        Risk = risk;
        GestationalWeek = gestationalWeek;
    }

    public PregnancyRisk Risk { get; }

    public int GestationalWeek { get; }

    /// <summary>
    /// 003_b7fae3b13c0d2460.txt, 做好当前孕产妇和儿童健康管理与医疗服务保障工作要求 二:
    /// "以妊娠风险评估'五色管理'为橙色、红色和紫色以及孕周在37周及以上的孕产妇为重点" — either
    /// condition alone makes the pregnancy a priority.
    /// </summary>
    public bool IsPriority => IsPriorityRisk(Risk) || GestationalWeek >= PriorityFromWeek;

    /// <summary>
    /// Orange, red and purple are priority colours. Exposed on its own because the seed's
    /// "孕产妇" covers postpartum women too, who have a colour but no gestational week.
    /// </summary>
    public static bool IsPriorityRisk(PregnancyRisk risk) =>
        risk is PregnancyRisk.Orange or PregnancyRisk.Red or PregnancyRisk.Purple;
}
