namespace Monitoring.Domain.Risk;

/// <summary>
/// The score's age bands, 003_b7fae3b13c0d2460.txt, 附件 新冠肺炎相关健康风险评估标准:
/// "＜65岁", "65-80岁" (65 and 80 both included), "＞80岁".
/// </summary>
public enum AgeBand
{
    Under65,
    From65To80,
    Over80,
}
