namespace Monitoring.Domain.Risk;

/// <summary>
/// Underlying disease status (基础疾病: 无 / 稳定 / 不稳定) as used by the risk table and score,
/// 003_b7fae3b13c0d2460.txt, 附件 新冠肺炎相关健康风险评估标准.
/// </summary>
public enum UnderlyingDisease
{
    None,
    Stable,
    Unstable,
}
