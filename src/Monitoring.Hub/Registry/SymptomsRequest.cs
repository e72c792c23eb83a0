namespace Monitoring.Hub.Registry;

/// <summary><c>improved</c>: symptoms clearly improved or absent (症状明显好转或无明显症状), as a clinician judges.</summary>
public sealed record SymptomsRequest(bool? Improved);
