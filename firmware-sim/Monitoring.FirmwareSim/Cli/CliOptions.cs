using System.CommandLine;
using System.Globalization;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Cli;

/// <summary>Option builders shared by the commands.</summary>
internal static class CliOptions
{
    public static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue) => new(name)
    {
        Description = $"{description} ({DurationText.Expected})",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
            if (DurationText.TryParse(token, out var value))
            {
                return value;
            }

            result.AddError($"{name}: '{token}' is not {DurationText.Expected}.");
            return default;
        },
    };

    public static Option<IReadOnlyList<TimeSpan>> Durations(string name, string description) => new(name)
    {
        Description = $"{description} (comma-separated, e.g. 10s,25s,40s)",
        DefaultValueFactory = _ => [],
        CustomParser = result =>
        {
            var list = new List<TimeSpan>();
            foreach (var token in result.Tokens)
            {
                foreach (var part in token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!DurationText.TryParse(part, out var value))
                    {
                        result.AddError($"{name}: '{part}' is not {DurationText.Expected}.");
                        return [];
                    }

                    list.Add(value);
                }
            }

            return list;
        },
    };

    public static Option<T> Value<T>(string name, string description, T defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
    };

    public static void Positive(Option<int> option) =>
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError($"{option.Name} must be at least 1.");
            }
        });

    public static void Positive(Option<double> option) =>
        option.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<double>();
            if (!double.IsFinite(value) || value <= 0)
            {
                r.AddError($"{option.Name} must be above 0.");
            }
        });

    /// <summary>A device-id prefix unique to this run: the hub keeps registered ids for good (contract: a taken id answers 409).</summary>
    public static string FreshPrefix(string stem, TimeProvider time) =>
        string.Create(CultureInfo.InvariantCulture, $"{stem}{time.GetUtcNow():yyMMddHHmmss}");

    public static bool IsValidPrefix(string prefix) =>
        prefix.Length is >= 1 and <= 40
        && (char.IsAsciiLetterLower(prefix[0]) || char.IsAsciiDigit(prefix[0]))
        && prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static void DevicePrefix(Option<string?> option) =>
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } prefix && !IsValidPrefix(prefix))
            {
                r.AddError($"{option.Name}: device ids are lower-case letters, digits and '-' (hub: ^[a-z0-9][a-z0-9-]{{2,63}}$); '{prefix}' does not fit.");
            }
        });
}
