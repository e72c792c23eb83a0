namespace Monitoring.Hub.Reports.Model;

/// <summary>
/// Alarms raised and acknowledged during the day, the median and 90th percentile of raise → acknowledge
/// (minutes, over the alarms acknowledged that day; null when none), and the alarms still open at the day's end.
/// </summary>
public sealed record ReportAlarms(int Raised, int Acknowledged, double? MedianMinutesToAcknowledge, double? P90MinutesToAcknowledge, int OpenAtDayEnd);
