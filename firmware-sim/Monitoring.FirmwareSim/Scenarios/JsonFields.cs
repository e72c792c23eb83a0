using System.Globalization;
using System.Text.Json;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>
/// Reads one JSON object's properties for the scenario parser, recording every problem with its
/// path instead of stopping at the first, and flagging properties nobody asked for (typos).
/// </summary>
internal sealed class JsonFields
{
    private readonly JsonElement _object;
    private readonly List<ScenarioError> _errors;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public JsonFields(JsonElement element, string path, List<ScenarioError> errors)
    {
        _object = element;
        Path = path;
        _errors = errors;
        IsObject = element.ValueKind == JsonValueKind.Object;
        if (!IsObject)
        {
            errors.Add(new ScenarioError(path, $"must be an object, not {Describe(element)}"));
        }
    }

    public string Path { get; }

    public bool IsObject { get; }

    public string At(string name) => $"{Path}.{name}";

    public void Error(string name, string message) => _errors.Add(new ScenarioError(At(name), message));

    public JsonElement? Get(string name, bool required)
    {
        _known.Add(name);
        if (IsObject && _object.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            return value;
        }

        if (required && IsObject)
        {
            Error(name, "is required");
        }

        return null;
    }

    public string? String(string name, bool required, IReadOnlyList<string>? allowed = null)
    {
        if (Get(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            Error(name, $"must be a non-empty string, not {Describe(value)}");
            return null;
        }

        var text = value.GetString()!;
        if (allowed is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            Error(name, $"'{text}' is not one of {string.Join(", ", allowed)}");
            return null;
        }

        return text;
    }

    public double? Number(string name, bool required, double min, double max)
    {
        if (Get(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            Error(name, $"must be a number, not {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Error(name, string.Create(CultureInfo.InvariantCulture, $"must be from {min} to {max}, not {number}"));
            return null;
        }

        return number;
    }

    public int? Integer(string name, bool required, int min, int max)
    {
        if (Get(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            Error(name, $"must be a whole number, not {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Error(name, string.Create(CultureInfo.InvariantCulture, $"must be from {min} to {max}, not {number}"));
            return null;
        }

        return number;
    }

    public bool? Boolean(string name, bool required)
    {
        if (Get(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error(name, $"must be true or false, not {Describe(value)}");
            return null;
        }

        return value.GetBoolean();
    }

    /// <summary>A duration string (<c>90s</c>, <c>6h</c>, <c>1d12h</c>) or a number of seconds.</summary>
    public TimeSpan? Duration(string name, bool required, TimeSpan min, TimeSpan max)
    {
        if (Get(name, required) is not { } value)
        {
            return null;
        }

        TimeSpan duration;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && double.IsFinite(seconds) && seconds >= 0 && seconds < 1e12)
        {
            duration = TimeSpan.FromSeconds(seconds);
        }
        else if (value.ValueKind != JsonValueKind.String || !DurationText.TryParse(value.GetString(), out duration))
        {
            Error(name, $"must be {DurationText.Expected}, not {Describe(value)}");
            return null;
        }

        if (duration < min || duration > max)
        {
            Error(name, $"must be from {DurationText.Format(min)} to {DurationText.Format(max)}, not {DurationText.Format(duration)}");
            return null;
        }

        return duration;
    }

    public IReadOnlyList<JsonElement>? Array(string name, bool required)
    {
        if (Get(name, required) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(name, $"must be an array, not {Describe(value)}");
            return null;
        }

        return [.. value.EnumerateArray()];
    }

    /// <summary>Reports every property that no reader asked for.</summary>
    public void RejectUnknown()
    {
        if (!IsObject)
        {
            return;
        }

        foreach (var property in _object.EnumerateObject())
        {
            if (!_known.Contains(property.Name))
            {
                Error(property.Name, $"is not a known property here (expected {string.Join(", ", _known.Order(StringComparer.Ordinal))})");
            }
        }
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{Shorten(value.GetString() ?? "")}\"",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
