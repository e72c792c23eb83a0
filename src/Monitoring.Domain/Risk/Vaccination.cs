namespace Monitoring.Domain.Risk;

/// <summary>
/// COVID-19 vaccination status (全程接种 / 未全程接种 / 未接种),
/// 003_b7fae3b13c0d2460.txt, 附件 新冠肺炎相关健康风险评估标准.
/// In the table "未全程接种" covers both <see cref="Partial"/> and <see cref="None"/>;
/// the score tells them apart (1 and 2 points).
/// </summary>
public enum Vaccination
{
    Full,
    Partial,
    None,
}
