using System.Globalization;
using System.Text;

namespace Monitoring.FirmwareSim.Timing;

/// <summary>
/// Durations as people write them in scenario files and on the command line: <c>500ms</c>, <c>90s</c>,
/// <c>20m</c>, <c>6h</c>, <c>4d</c>, combinations such as <c>1d12h</c> or <c>1h30m</c>, or a bare number of seconds.
/// </summary>
public static class DurationText
{
    public const string Expected = "a duration such as 90s, 20m, 6h, 4d, 1d12h or a number of seconds";

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (!double.IsFinite(seconds) || seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return false;
            }

            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var total = 0.0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (i == start || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            var unitSeconds = s.AsSpan(unitStart, i - unitStart) switch
            {
                "ms" => 0.001,
                "s" => 1,
                "m" or "min" => 60,
                "h" => 3600,
                "d" => 86400,
                _ => double.NaN,
            };
            if (double.IsNaN(unitSeconds))
            {
                return false;
            }

            total += amount * unitSeconds;
        }

        if (!double.IsFinite(total) || total > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(total);
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not {Expected}.");

    /// <summary>Compact form for output: <c>1d02h30m</c>, <c>45s</c>, <c>2.5s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            return "-" + Format(value.Negate());
        }

        var sb = new StringBuilder();
        if (value.Days > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{value.Days}d");
        }

        if (value.Hours > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{value.Hours:00}h");
        }

        if (value.Minutes > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{value.Minutes:00}m");
        }

        var seconds = value.Seconds + (value.Milliseconds / 1000.0);
        if (seconds > 0 || sb.Length == 0)
        {
            sb.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        }

        return sb.ToString();
    }
}
