using System.Globalization;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// <c>fever_persistent</c>: a fever episode lasting more than <see cref="AlarmThresholds.PersistentFeverHours"/>.
/// 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)2(2): "经药物治疗后体温仍持续高于38.5℃,超过3天";
/// 001_c1a4964215f4f1e9.txt, 二(二)2(1): "持续高热…尽快转诊".
/// </summary>
/// <remarks>
/// <para>
/// The episode (clinical-rules §2) starts at the first reading above the threshold and goes on
/// while every calendar day in the clinic's time zone has at least one reading above it; a day
/// whose readings are all at or below it ends the episode, once that day is over (a later day
/// has a reading). One normal reading does not end it: antipyretics make those common.
/// </para>
/// <para>
/// A day with no temperature reading at all does not end the episode: a missing reading is not
/// evidence of recovery (the <c>temperature_check_missed</c> reminder covers the gap). The alarm
/// is raised on a fever reading when the time from the episode's first fever reading to its
/// latest is strictly more than the limit, and cleared when a whole normal day ends the episode,
/// at the local midnight that closes that day.
/// </para>
/// <para>
/// Readings are summarised per local day (<see cref="FeverDay"/>) and the episodes recomputed from
/// the days, so a reading uploaded late lands in its own day. Days more than
/// <see cref="KeptDays"/> before the newest are folded into <see cref="PersistentFeverState.Carried"/>;
/// a reading older than that is too old to place and is ignored by this rule.
/// </para>
/// </remarks>
internal static class PersistentFeverRule
{
    /// <summary>The days before the newest kept as summaries: the limit in whole days, plus margin for backlogs.</summary>
    internal static int KeptDays(AlarmThresholds thresholds) => (int)Math.Ceiling(thresholds.PersistentFeverHours / 24.0) + 4;

    public static PersistentFeverState Apply(
        PersistentFeverState state,
        VitalReading reading,
        AlarmThresholds thresholds,
        TimeZoneInfo clinicTimeZone,
        bool late,
        List<AlarmDecision> decisions)
    {
        var day = LocalDay(reading.At, clinicTimeZone);
        var newestDay = state.Days.Count == 0 || day > state.Days[^1].Date ? day : state.Days[^1].Date;
        var firstKeptDay = newestDay.AddDays(-KeptDays(thresholds));
        if (day < firstKeptDay)
        {
            return state;
        }

        var fever = reading.Value > thresholds.FeverAbove;
        state = Prune(state with { Days = Upsert(state.Days, day, reading, fever) }, firstKeptDay);
        var episodes = Episodes(state, newestDay, clinicTimeZone);

        if (state.ReportedEpisodeStart is { } reportedStart && !state.ReportedEpisodeCleared)
        {
            var reported = Containing(episodes, reportedStart);
            if (reported is null || reported.Value.EndedAt is not null)
            {
                decisions.Add(new ConditionCleared(AlarmKind.FeverPersistent, reported?.EndedAt ?? reading.At));
                state = state with { ReportedEpisodeCleared = true };
            }
        }

        if (!fever || Containing(episodes, reading.At) is not { } episode
            || episode.Duration <= TimeSpan.FromHours(thresholds.PersistentFeverHours))
        {
            return state;
        }

        var isReported = state.ReportedEpisodeStart is { } start && episode.Contains(start);
        if (isReported && !state.ReportedEpisodeCleared)
        {
            decisions.Add(new Update(AlarmKind.FeverPersistent, reading.Value, thresholds.FeverAbove, null, reading.At, late));
            return state with { ReportedEpisodeStart = episode.Start };
        }

        if (isReported && episode.EndedAt is not null)
        {
            // A late reading inside an episode that was raised and is over: nothing new to say.
            return state;
        }

        if (!isReported && state.ReportedEpisodeStart is not null && !state.ReportedEpisodeCleared)
        {
            // An older episode found in a backlog while the reported one goes on: the open alarm
            // takes its value rather than being cleared by the older episode's end.
            decisions.Add(new Update(AlarmKind.FeverPersistent, reading.Value, thresholds.FeverAbove, null, reading.At, late));
            return state;
        }

        decisions.Add(new Raise(
            AlarmKind.FeverPersistent,
            AlarmCatalog.PriorityOf(AlarmKind.FeverPersistent),
            reading.Value,
            thresholds.FeverAbove,
            Describe(episode, thresholds, clinicTimeZone),
            reading.At,
            late));
        state = state with { ReportedEpisodeStart = episode.Start, ReportedEpisodeCleared = false };
        if (episode.EndedAt is { } endedAt)
        {
            decisions.Add(new ConditionCleared(AlarmKind.FeverPersistent, endedAt));
            state = state with { ReportedEpisodeCleared = true };
        }

        return state;
    }

    internal static DateOnly LocalDay(DateTimeOffset at, TimeZoneInfo timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, timeZone).DateTime);

    /// <summary>The instant a local day begins in the clinic's time zone.</summary>
    internal static DateTimeOffset LocalMidnight(DateOnly day, TimeZoneInfo timeZone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, timeZone.GetUtcOffset(local));
    }

    /// <summary>The episodes the kept days show, oldest first; an episode still going on has no end.</summary>
    internal static List<Episode> Episodes(PersistentFeverState state, DateOnly newestDay, TimeZoneInfo timeZone)
    {
        var episodes = new List<Episode>();
        var current = state.Carried;
        foreach (var day in state.Days)
        {
            if (day.HasFever)
            {
                current = current is null
                    ? new FeverEpisode(day.FirstFeverAt!.Value, day.LastFeverAt!.Value)
                    : current with { LastFeverAt = day.LastFeverAt!.Value };
            }
            else if (day.Date < newestDay && current is not null)
            {
                // A whole day at or below the threshold, and over: the episode ended with it.
                episodes.Add(new Episode(current.Start, current.LastFeverAt, LocalMidnight(day.Date.AddDays(1), timeZone)));
                current = null;
            }
        }

        if (current is not null)
        {
            episodes.Add(new Episode(current.Start, current.LastFeverAt, null));
        }

        return episodes;
    }

    private static Episode? Containing(List<Episode> episodes, DateTimeOffset at)
    {
        foreach (var episode in episodes)
        {
            if (episode.Contains(at))
            {
                return episode;
            }
        }

        return null;
    }

    private static List<FeverDay> Upsert(IReadOnlyList<FeverDay> days, DateOnly date, VitalReading reading, bool fever)
    {
        var result = new List<FeverDay>(days.Count + 1);
        var placed = false;
        foreach (var day in days)
        {
            if (!placed && day.Date == date)
            {
                result.Add(new FeverDay(
                    date,
                    Math.Max(day.MaxCelsius, reading.Value),
                    fever ? Earlier(day.FirstFeverAt, reading.At) : day.FirstFeverAt,
                    fever ? Later(day.LastFeverAt, reading.At) : day.LastFeverAt));
                placed = true;
                continue;
            }

            if (!placed && day.Date > date)
            {
                result.Add(NewDay(date, reading, fever));
                placed = true;
            }

            result.Add(day);
        }

        if (!placed)
        {
            result.Add(NewDay(date, reading, fever));
        }

        return result;
    }

    private static FeverDay NewDay(DateOnly date, VitalReading reading, bool fever) =>
        new(date, reading.Value, fever ? reading.At : null, fever ? reading.At : null);

    /// <summary>Folds the days before <paramref name="firstKeptDay"/> into the carried episode; those days are all over.</summary>
    private static PersistentFeverState Prune(PersistentFeverState state, DateOnly firstKeptDay)
    {
        if (state.Days.Count == 0 || state.Days[0].Date >= firstKeptDay)
        {
            return state;
        }

        var carried = state.Carried;
        var kept = new List<FeverDay>(state.Days.Count);
        foreach (var day in state.Days)
        {
            if (day.Date >= firstKeptDay)
            {
                kept.Add(day);
            }
            else if (day.HasFever)
            {
                carried = carried is null
                    ? new FeverEpisode(day.FirstFeverAt!.Value, day.LastFeverAt!.Value)
                    : carried with { LastFeverAt = day.LastFeverAt!.Value };
            }
            else
            {
                carried = null;
            }
        }

        return state with { Days = kept, Carried = carried };
    }

    private static string Describe(Episode episode, AlarmThresholds thresholds, TimeZoneInfo timeZone) =>
        string.Create(CultureInfo.InvariantCulture,
            $"above {thresholds.FeverAbove} °C since {TimeZoneInfo.ConvertTime(episode.Start, timeZone):yyyy-MM-dd HH:mm zzz}"
            + $" ({Math.Floor(episode.Duration.TotalHours)} h, limit {thresholds.PersistentFeverHours} h)");

    private static DateTimeOffset Earlier(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value <= b ? value : b;

    private static DateTimeOffset Later(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value >= b ? value : b;

    /// <summary>An episode as computed from the days; <see cref="EndedAt"/> is null while it goes on.</summary>
    internal readonly record struct Episode(DateTimeOffset Start, DateTimeOffset LastFeverAt, DateTimeOffset? EndedAt)
    {
        public TimeSpan Duration => LastFeverAt - Start;

        public bool Contains(DateTimeOffset at) => at >= Start && at <= LastFeverAt;
    }
}
