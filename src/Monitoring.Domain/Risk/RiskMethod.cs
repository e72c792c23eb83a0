namespace Monitoring.Domain.Risk;

/// <summary>Which step of 003_b7fae3b13c0d2460.txt, 附件 新冠肺炎相关健康风险评估标准 decided the tier.</summary>
public enum RiskMethod
{
    /// <summary>A row of the table matched.</summary>
    Table,

    /// <summary>No row matched ("无法分级标识的"), so the supplementary score decided.</summary>
    Score,
}
