using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.FollowUps;

/// <summary>
/// The morning and evening temperature-check windows (clinical-rules §2, missed temperature check;
/// clinic local time) and which of them have closed, pure.
/// </summary>
public static class TemperatureCheckWindows
{
    /// <summary>
    /// The windows that closed in (<paramref name="now"/> − <paramref name="lookback"/>, <paramref name="now"/>],
    /// oldest first. A sweep looks back a bounded time only: a hub that was down for a week reminds
    /// about the last day's windows, not about every window it slept through.
    /// </summary>
    public static IReadOnlyList<CheckWindow> ClosedWithin(
        DateTimeOffset now, TimeSpan lookback, TimeZoneInfo zone, TimeWindow morning, TimeWindow evening)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(morning);
        ArgumentNullException.ThrowIfNull(evening);
        var since = now - lookback;
        var today = FollowUpPolicy.LocalDate(now, zone);
        var windows = new List<CheckWindow>();
        for (var date = FollowUpPolicy.LocalDate(since, zone).AddDays(-1); date <= today; date = date.AddDays(1))
        {
            foreach (var (period, window) in new[] { (CheckWindowPeriod.Morning, morning), (CheckWindowPeriod.Evening, evening) })
            {
                var closed = On(date, period, window, zone);
                if (closed.End <= now && closed.End > since)
                {
                    windows.Add(closed);
                }
            }
        }

        return windows;
    }

    /// <summary>The window <paramref name="window"/> on the clinic-local <paramref name="date"/>.</summary>
    public static CheckWindow On(DateOnly date, CheckWindowPeriod period, TimeWindow window, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new CheckWindow(date, period, ClinicWeek.LocalInstant(date, window.Start, zone), ClinicWeek.LocalInstant(date, window.End, zone));
    }

    /// <summary>
    /// Whether a closed window counts as missed: the patient was under monitoring for all of it
    /// (home treatment started at or before its start, and not ended before its end) and no
    /// temperature reading was taken inside it.
    /// </summary>
    public static bool Missed(CheckWindow window, DateTimeOffset monitoredSince, bool hadReading, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(window);
        return now >= window.End && monitoredSince <= window.Start && !hadReading;
    }
}
