namespace Monitoring.Hub.Registry;

/// <summary>Clinic-local calendar dates: tiers, birth-date checks and daily windows use the clinic's day, not UTC's.</summary>
public static class ClinicTime
{
    // Zones by id: the alarm engine asks for every patient of every batch, and the system lookup takes a lock.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    /// <summary>The IANA zone, or null when <paramref name="timeZone"/> names none on this machine (Windows ids are refused).</summary>
    public static TimeZoneInfo? FindZone(string? timeZone)
    {
        if (timeZone is not null && Zones.TryGetValue(timeZone, out var known))
        {
            return known;
        }

        var found = Lookup(timeZone);
        if (timeZone is not null && Zones.Count < 1000)
        {
            Zones.TryAdd(timeZone, found);
        }

        return found;
    }

    private static TimeZoneInfo? Lookup(string? timeZone)
    {
        // IANA ids are letters, digits, '_', '-', '+' and '/' ("Asia/Shanghai", "Etc/GMT-8"); anything
        // else (paths, spaces) never reaches the lookup.
        if (string.IsNullOrWhiteSpace(timeZone) || timeZone.Length > 64
            || timeZone.StartsWith('/') || timeZone.Contains("..", StringComparison.Ordinal)
            || !timeZone.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '+' or '/'))
        {
            return null;
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
            return zone.HasIanaId && string.Equals(zone.Id, timeZone, StringComparison.Ordinal) ? zone : null;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or IOException
            or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return null;
        }
    }

    public static DateOnly LocalDate(string timeZone, DateTimeOffset instant)
    {
        var zone = FindZone(timeZone) ?? TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }
}
