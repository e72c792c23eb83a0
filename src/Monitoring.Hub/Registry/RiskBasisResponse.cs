using System.Text.Json.Serialization;
using Monitoring.Domain.Risk;

namespace Monitoring.Hub.Registry;

/// <summary>
/// Why a patient has their tier: the table row (<c>G1</c>..<c>R3</c>) or the score with its
/// items, plus the age and clinic-local date it was computed for.
/// </summary>
public sealed record RiskBasisResponse(
    RiskMethod Method,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Row,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Score,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? AgePoints,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? DiseasePoints,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? VaccinationPoints,
    string Explanation,
    int AgeYears,
    DateOnly AssessedOn)
{
    public static RiskBasisResponse From(RiskAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var basis = assessment.Basis;
        return new RiskBasisResponse(basis.Method, basis.Row, basis.Score, basis.AgePoints, basis.DiseasePoints, basis.VaccinationPoints,
            basis.Explanation, assessment.AgeYears, assessment.AssessedOn);
    }

    /// <summary>Same tier decision (path, row or score), whatever the date it was computed on.</summary>
    public bool SameDecisionAs(RiskBasisResponse other) =>
        other is not null && Method == other.Method && Row == other.Row && Score == other.Score;
}
