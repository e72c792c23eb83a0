namespace Monitoring.Hub.Reports.Model;

/// <summary>
/// A clinic's daily status for one clinic-local day [<see cref="From"/>, <see cref="To"/>) (004_306304aaac2aa708.txt,
/// 19: 动态掌握…重点人群服务的情况并及时上报). <see cref="Complete"/> is false for a day not over yet (figures so far).
/// </summary>
public sealed record DailyReport(
    Guid ClinicId,
    string ClinicName,
    DateOnly Date,
    string TimeZone,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset GeneratedAt,
    bool Complete,
    ReportPatients Patients,
    ReportAlarms Alarms,
    ReportFollowUps FollowUps,
    ReportReferrals Referrals,
    ReportDevices Devices);
