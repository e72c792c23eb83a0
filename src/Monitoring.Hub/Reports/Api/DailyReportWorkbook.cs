using ClosedXML.Excel;
using Monitoring.Hub.Reports.Model;

namespace Monitoring.Hub.Reports.Api;

/// <summary>The daily report as an Excel workbook (ClosedXML): one sheet, one figure a row, Chinese label first.</summary>
internal static class DailyReportWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Write(DailyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("每日情况 Daily status");
        var row = 1;
        void Line(string label, object? value)
        {
            sheet.Cell(row, 1).Value = label;
            sheet.Cell(row, 2).Value = value switch
            {
                null => "",
                double d => Math.Round(d, 1),
                _ => value,
            };
            row++;
        }

        Line("机构 Clinic", report.ClinicName);
        Line("日期 Date", report.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Line("时区 Time zone", report.TimeZone);
        Line("完整 Complete day", report.Complete ? "是 yes" : "否 no (so far)");
        Line("居家治疗监测人数 Patients monitored", report.Patients.Monitored);
        Line("  红色 red", report.Patients.Red);
        Line("  黄色 yellow", report.Patients.Yellow);
        Line("  绿色 green", report.Patients.Green);
        Line("新纳入居家治疗 Home treatment started", report.Patients.Admitted);
        Line("结束居家治疗 Home treatment ended", report.Patients.Ended);
        Line("  其中转诊 of which referred", report.Patients.EndedReferred);
        Line("告警 Alarms raised", report.Alarms.Raised);
        Line("已确认告警 Alarms acknowledged", report.Alarms.Acknowledged);
        Line("确认时间中位数（分钟）Median minutes to acknowledge", report.Alarms.MedianMinutesToAcknowledge);
        Line("确认时间P90（分钟）P90 minutes to acknowledge", report.Alarms.P90MinutesToAcknowledge);
        Line("日终未结告警 Alarms open at day end", report.Alarms.OpenAtDayEnd);
        Line("完成随访 Follow-ups done", report.FollowUps.Done);
        Line("逾期随访 Follow-ups overdue at day end", report.FollowUps.OverdueAtDayEnd);
        Line("联系记录 Contacts", report.FollowUps.Contacts);
        Line("联系频次不足提醒 Contact cadence missed", report.FollowUps.CadenceMissed);
        Line("新转诊 Referrals requested", report.Referrals.Requested);
        foreach (var (state, count) in report.Referrals.ByState.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Line($"  转诊状态 referrals {state}", count);
        }

        Line("转诊至入院中位数（分钟）Median minutes request → admission", report.Referrals.MedianMinutesToAdmission);
        Line("已发放设备 Devices issued", report.Devices.Issued);
        Line("空闲设备 Devices free", report.Devices.Free);
        Line("静默设备 Devices silent", report.Devices.Silent);
        Line("低电量设备 Devices low battery", report.Devices.BatteryLow);
        sheet.Column(1).Width = 60;
        sheet.Column(2).Width = 24;

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
