namespace Monitoring.Hub.Alarms.Storage;

/// <summary>
/// What the rules need to know about a patient besides the readings, read from the registry in
/// the transaction that stores the evaluation: the clinic and its time zone (persistent fever
/// counts clinic-local days), and the open home-treatment episode, if any.
/// </summary>
public sealed record PatientContext(Guid PatientId, Guid ClinicId, string Name, string Tier, TimeZoneInfo TimeZone, Guid? EpisodeId)
{
    /// <summary>
    /// In home treatment: only then are vital signs alarmed on. Ending home treatment stops
    /// vital-sign alarms for the episode (clinical-rules §3; 003 居家治疗指南 四).
    /// </summary>
    public bool UnderMonitoring => EpisodeId is not null;
}
