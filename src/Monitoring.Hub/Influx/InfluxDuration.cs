using System.Globalization;

namespace Monitoring.Hub.Influx;

/// <summary>Retention durations as the hub configures them (<see cref="InfluxOptions.DurationPattern"/>).</summary>
public static class InfluxDuration
{
    /// <summary>The span of <c>12h</c>, <c>30d</c>, <c>52w</c>; null for <c>INF</c> (for ever).</summary>
    public static TimeSpan? Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        if (text == "INF")
        {
            return null;
        }

        var n = long.Parse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture);
        return text[^1] switch
        {
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7 * n),
            _ => throw new FormatException($"'{text}' is not INF or a whole number of h, d or w."),
        };
    }

    /// <summary>Seconds as InfluxQL duration literal (<c>300s</c>).</summary>
    public static string Literal(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalSeconds}s");

    /// <summary>
    /// How InfluxDB reports a policy's duration in SHOW RETENTION POLICIES (Go's time.Duration:
    /// <c>720h0m0s</c>, <c>0s</c> for INF), to compare with a configured one.
    /// </summary>
    public static string Shown(TimeSpan? span) => span is not { } s
        ? "0s"
        : string.Create(CultureInfo.InvariantCulture, $"{(long)s.TotalHours}h{s.Minutes}m{s.Seconds}s");
}
