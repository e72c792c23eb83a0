namespace Monitoring.Hub.Reports.Model;

/// <summary>
/// Follow-ups completed during the day and those overdue at its end (due that day or before, not done:
/// 001 二(二)2(1) 每3天随访一次); contacts recorded and contact-cadence reminders raised that day (004 §8).
/// </summary>
public sealed record ReportFollowUps(int Done, int OverdueAtDayEnd, int Contacts, int CadenceMissed);
