namespace Monitoring.Domain.FollowUps;

/// <summary>
/// When follow-ups (随访) fall due, pure: a level-2 home-treated patient is followed up every
/// <c>FollowUpIntervalDays</c> from the start of home treatment (001_c1a4964215f4f1e9.txt, 二(二)2(1):
/// "基层医疗卫生机构每3天随访一次", clinicians may intensify it per patient). Dates are clinic-local
/// calendar days; a follow-up is overdue once its due day has ended in the clinic's time zone.
/// </summary>
public static class FollowUpPolicy
{
    /// <summary>
    /// The first follow-up of an episode: day 0 (the start day), or, for an episode entered after
    /// it started, the first day of the day-0 grid (start + k × interval) that is not yet past, so a
    /// back-dated start does not open with a follow-up that was overdue before anyone knew of it.
    /// </summary>
    public static DateOnly FirstDue(DateOnly startedOn, DateOnly today, int intervalDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalDays, 1);
        if (today <= startedOn)
        {
            return startedOn;
        }

        var elapsed = today.DayNumber - startedOn.DayNumber;
        var steps = (elapsed + intervalDays - 1) / intervalDays;
        return startedOn.AddDays(steps * intervalDays);
    }

    /// <summary>The follow-up after one completed on <paramref name="completedOn"/>: that day plus the interval.</summary>
    public static DateOnly NextDue(DateOnly completedOn, int intervalDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalDays, 1);
        return completedOn.AddDays(intervalDays);
    }

    /// <summary>
    /// The open follow-up's due date after the interval changed: the earlier of its current date and
    /// <paramref name="lastOn"/> (the last completion, or the start day) plus the new interval, never
    /// before <paramref name="today"/>. Intensifying pulls the next follow-up in; relaxing leaves it.
    /// </summary>
    public static DateOnly Rescheduled(DateOnly currentDue, DateOnly lastOn, DateOnly today, int intervalDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalDays, 1);
        var sooner = lastOn.AddDays(intervalDays);
        if (sooner < today)
        {
            sooner = today;
        }

        return sooner < currentDue ? sooner : currentDue;
    }

    /// <summary>The clinic-local calendar date of an instant.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>True once the clinic-local day <paramref name="dueOn"/> has ended at <paramref name="now"/>.</summary>
    public static bool IsOverdue(DateOnly dueOn, DateTimeOffset now, TimeZoneInfo zone) => DaysOverdue(dueOn, now, zone) > 0;

    /// <summary>Whole clinic-local days since the due day ended (0 while it is today or later).</summary>
    public static int DaysOverdue(DateOnly dueOn, DateTimeOffset now, TimeZoneInfo zone) =>
        Math.Max(0, LocalDate(now, zone).DayNumber - dueOn.DayNumber);

    /// <summary>The instant the clinic-local day <paramref name="dueOn"/> ends (the next local midnight).</summary>
    public static DateTimeOffset EndOfDay(DateOnly dueOn, TimeZoneInfo zone) => ClinicWeek.LocalMidnight(dueOn.AddDays(1), zone);
}
