namespace Monitoring.Hub.Referrals.Handoff;

/// <summary>A vital-sign metric of the contract with its LOINC code and UCUM unit, as a hand-off Observation carries it.</summary>
internal sealed record VitalCode(string Metric, string Loinc, string Display, string Unit, string UnitText)
{
    /// <summary>The four vitals the hand-off carries (issue 18; LOINC codes of the FHIR R4 vital-signs profile).</summary>
    public static IReadOnlyList<VitalCode> All { get; } =
    [
        new("spo2", "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", "%"),
        new("pr", "8867-4", "Heart rate", "/min", "beats/minute"),
        new("temp", "8310-5", "Body temperature", "Cel", "C"),
        new("rr", "9279-1", "Respiratory rate", "/min", "breaths/minute"),
    ];
}
