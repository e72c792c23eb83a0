namespace Monitoring.Domain.Risk;

/// <summary>
/// Risk tier (绿 / 黄 / 红), 001_c1a4964215f4f1e9.txt, 一. Values are ordered by severity:
/// the calculator relies on that order when it has to choose between rows.
/// </summary>
public enum RiskTier
{
    /// <summary>绿色标识, 低风险一般人群.</summary>
    Green = 0,

    /// <summary>黄色标识, 中风险次重点人群.</summary>
    Yellow = 1,

    /// <summary>红色标识, 高风险重点人群.</summary>
    Red = 2,
}
