namespace Monitoring.Hub.Reports.Model;

/// <summary>
/// Patients in home treatment at any time of the day, by their tier at the day's end (red, yellow, green:
/// 001 一), and the episodes started and ended that day (ended by referral among them).
/// </summary>
public sealed record ReportPatients(int Monitored, int Red, int Yellow, int Green, int Admitted, int Ended, int EndedReferred);
