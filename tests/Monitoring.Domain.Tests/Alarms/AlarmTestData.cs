using Monitoring.Domain.Alarms;

namespace Monitoring.Domain.Tests.Alarms;

internal static class AlarmTestData
{
    public const string Oximeter = "ox-0001";
    public const string Thermometer = "th-0001";

    public static TimeZoneInfo Shanghai { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>Monday 24 November 2025, 20:00 in Shanghai (12:00 UTC).</summary>
    public static DateTimeOffset MondayEvening { get; } = Local(2025, 11, 24, 20, 0);

    /// <summary>A Shanghai wall-clock time (UTC+8 all year: China has no daylight saving time).</summary>
    public static DateTimeOffset Local(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    public static VitalReading Spo2(double value, DateTimeOffset at, string device = Oximeter) =>
        new(device, VitalMetric.Spo2, value, at);

    public static VitalReading Temp(double value, DateTimeOffset at, string device = Thermometer) =>
        new(device, VitalMetric.Temperature, value, at);

    public static VitalReading Battery(double value, DateTimeOffset at, string device = Oximeter) =>
        new(device, VitalMetric.Battery, value, at);
}
