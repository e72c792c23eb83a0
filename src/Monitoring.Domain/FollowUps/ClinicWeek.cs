using System.Globalization;

namespace Monitoring.Domain.FollowUps;

/// <summary>
/// An ISO 8601 week in a clinic's time zone: from Monday 00:00 local (inclusive) to the next
/// Monday 00:00 local (exclusive). Contact cadence is counted per such week (004_306304aaac2aa708.txt, 8: "每周").
/// </summary>
/// <param name="Year">The ISO week-numbering year (the year of the week's Thursday).</param>
/// <param name="Week">1 to 53.</param>
/// <param name="Start">Monday 00:00 local, as an instant.</param>
/// <param name="End">The next Monday 00:00 local, as an instant.</param>
public sealed record ClinicWeek(int Year, int Week, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The idempotency and display key, e.g. <c>2026-W47</c>.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-W{Week:D2}");

    /// <summary>The week containing <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static ClinicWeek Containing(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var today = FollowUpPolicy.LocalDate(instant, zone);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return Of(monday, zone);
    }

    /// <summary>The week before this one.</summary>
    public ClinicWeek Previous(TimeZoneInfo zone) => Containing(Start.AddDays(-1), zone);

    /// <summary>The week that most recently ended at <paramref name="now"/> (the one before the current week).</summary>
    public static ClinicWeek LastEnded(DateTimeOffset now, TimeZoneInfo zone) => Containing(now, zone).Previous(zone);

    /// <summary>
    /// The instant of local midnight starting <paramref name="date"/>. Where a DST change skips
    /// midnight, the first valid local time after it.
    /// </summary>
    public static DateTimeOffset LocalMidnight(DateOnly date, TimeZoneInfo zone) => LocalInstant(date, TimeOnly.MinValue, zone);

    /// <summary>The instant of a clinic-local date and time; a skipped (DST) local time moves forward to the first valid one.</summary>
    public static DateTimeOffset LocalInstant(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        // An ambiguous time (clocks going back) takes the earlier instant: the standard offset is
        // the later one, so the daylight offset (the larger) is the one to use.
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static ClinicWeek Of(DateOnly monday, TimeZoneInfo zone)
    {
        var thursday = monday.AddDays(3).ToDateTime(TimeOnly.MinValue);
        return new ClinicWeek(
            ISOWeek.GetYear(thursday),
            ISOWeek.GetWeekOfYear(thursday),
            LocalMidnight(monday, zone),
            LocalMidnight(monday.AddDays(7), zone));
    }
}
