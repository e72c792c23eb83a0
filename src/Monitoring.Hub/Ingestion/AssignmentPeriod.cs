namespace Monitoring.Hub.Ingestion;

/// <summary>One period [From, To) during which a device was on a patient; To null while it still is.</summary>
public sealed record AssignmentPeriod(Guid PatientId, Guid ClinicId, DateTimeOffset From, DateTimeOffset? To)
{
    /// <summary>The tag values as written to InfluxDB, formatted once.</summary>
    public string PatientTag { get; } = PatientId.ToString();

    public string ClinicTag { get; } = ClinicId.ToString();

    public bool Covers(DateTimeOffset time) => time >= From && (To is null || time < To);
}
