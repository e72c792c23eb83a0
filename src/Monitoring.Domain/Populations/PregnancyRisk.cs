namespace Monitoring.Domain.Populations;

/// <summary>
/// Pregnancy risk colour (妊娠风险评估"五色管理"),
/// 003_b7fae3b13c0d2460.txt, 做好当前孕产妇和儿童健康管理与医疗服务保障工作要求 二.
/// </summary>
public enum PregnancyRisk
{
    Green,
    Yellow,
    Orange,
    Red,
    Purple,
}
