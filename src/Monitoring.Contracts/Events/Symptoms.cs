namespace Monitoring.Contracts.Events;

/// <summary>Values of the <c>symptom</c> event (clinical-rules §2; seed 001 §2(二)(1), seed 003 三(二)2).</summary>
public static class Symptoms
{
    public const string Dyspnea = "dyspnea";
    public const string DiseaseWorsening = "disease_worsening";
    public const string ChildWarning = "child_warning";
    public const string PregnancyWarning = "pregnancy_warning";

    public static IReadOnlyList<string> All { get; } = [Dyspnea, DiseaseWorsening, ChildWarning, PregnancyWarning];

    public static bool IsKnown(string? value) =>
        value is Dyspnea or DiseaseWorsening or ChildWarning or PregnancyWarning;
}
