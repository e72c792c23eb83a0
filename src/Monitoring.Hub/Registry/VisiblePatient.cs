namespace Monitoring.Hub.Registry;

/// <summary>A patient the caller may see, with the clinic facts that changes to it need.</summary>
public sealed record VisiblePatient(Guid Id, Guid ClinicId, string TimeZone);
