namespace Monitoring.Domain.Risk;

/// <summary>
/// The risk table of 003_b7fae3b13c0d2460.txt, 附件 新冠肺炎相关健康风险评估标准, in the
/// document's order (green, yellow, red; left to right).
/// </summary>
/// <remarks>
/// Ages are whole years. The green rows say "年龄＜80岁" (0-79), not "＜65" or "65-80", so an
/// 80-year-old matches no green row. "65-80岁" includes 65 and 80; "＞80岁" starts at 81.
/// "未全程接种疫苗" covers both partial and no vaccination. No two rows can match the same
/// patient (checked exhaustively in the tests); should an edited table ever overlap, the
/// calculator picks the most severe matching row.
/// </remarks>
public static class RiskTable
{
    private const int NoUpperAge = int.MaxValue;

    private static readonly Vaccination[] AnyVaccination = [Vaccination.Full, Vaccination.Partial, Vaccination.None];
    private static readonly Vaccination[] FullOnly = [Vaccination.Full];
    private static readonly Vaccination[] NotFull = [Vaccination.Partial, Vaccination.None];

    /// <summary>G1, G2, Y1, Y2, Y3, R1, R2, R3.</summary>
    public static IReadOnlyList<RiskTableRow> Rows { get; } =
    [
        // 绿色标识: 1.年龄＜80岁; 2.无基础疾病.
        new("G1", RiskTier.Green, 0, 79, [UnderlyingDisease.None], AnyVaccination,
            "age under 80, no underlying disease, any vaccination status"),

        // 绿色标识: 1.年龄＜80岁; 2.基础疾病稳定; 3.全程接种疫苗.
        new("G2", RiskTier.Green, 0, 79, [UnderlyingDisease.Stable], FullOnly,
            "age under 80, stable underlying disease, fully vaccinated"),

        // 黄色标识: 1.年龄＜65岁; 2.基础疾病不稳定; 3.全程接种疫苗.
        new("Y1", RiskTier.Yellow, 0, 64, [UnderlyingDisease.Unstable], FullOnly,
            "age under 65, unstable underlying disease, fully vaccinated"),

        // 黄色标识: 1.年龄65-80岁; 2.基础疾病稳定; 3.未全程接种疫苗.
        new("Y2", RiskTier.Yellow, 65, 80, [UnderlyingDisease.Stable], NotFull,
            "age 65-80, stable underlying disease, not fully vaccinated"),

        // 黄色标识: 1.年龄＞80岁; 2.无基础疾病或基础疾病稳定; 3.全程接种疫苗.
        new("Y3", RiskTier.Yellow, 81, NoUpperAge, [UnderlyingDisease.None, UnderlyingDisease.Stable], FullOnly,
            "age over 80, no or stable underlying disease, fully vaccinated"),

        // 红色标识: 1.年龄＜65岁; 2.基础疾病不稳定; 3.未全程接种疫苗.
        new("R1", RiskTier.Red, 0, 64, [UnderlyingDisease.Unstable], NotFull,
            "age under 65, unstable underlying disease, not fully vaccinated"),

        // 红色标识: 1.年龄65-80岁; 2.基础疾病不稳定; 3.无论是否全程接种疫苗.
        new("R2", RiskTier.Red, 65, 80, [UnderlyingDisease.Unstable], AnyVaccination,
            "age 65-80, unstable underlying disease, any vaccination status"),

        // 红色标识: 1.年龄＞80岁; 2.基础疾病稳定或不稳定; 3.未全程接种疫苗.
        new("R3", RiskTier.Red, 81, NoUpperAge, [UnderlyingDisease.Stable, UnderlyingDisease.Unstable], NotFull,
            "age over 80, stable or unstable underlying disease, not fully vaccinated"),
    ];
}
