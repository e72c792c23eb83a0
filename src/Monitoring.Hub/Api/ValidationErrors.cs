namespace Monitoring.Hub.Api;

/// <summary>
/// Collects every problem with a request before anything is done, keyed by the field's name as
/// it appears in the JSON body (<c>birthDate</c>, <c>categories[1]</c>), so the client sees all
/// its mistakes in one RFC 7807 validation problem.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public bool Has(string field) => _errors.ContainsKey(field);

    public ValidationErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }

        messages.Add(message);
        return this;
    }

    /// <summary>An optional query parameter that must be a UUID when given; null when absent or wrong.</summary>
    public Guid? OptionalGuid(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (Guid.TryParse(value, out var id))
        {
            return id;
        }

        Add(field, "must be a UUID.");
        return null;
    }

    /// <summary>An optional query parameter that must be one of the enum's wire codes when given.</summary>
    public TEnum? OptionalCode<TEnum>(string field, string? value)
        where TEnum : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        if (Codes.TryParse<TEnum>(value, out var parsed))
        {
            return parsed;
        }

        Add(field, $"must be one of: {Codes.AllowedList<TEnum>()}.");
        return null;
    }

    /// <summary>An optional query parameter that must be true or false when given.</summary>
    public bool? OptionalBool(string field, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (bool.TryParse(value, out var parsed))
        {
            return parsed;
        }

        Add(field, "must be true or false.");
        return null;
    }

    /// <summary>Adds "is required" when <paramref name="value"/> is null; true when it is present.</summary>
    public bool Require<T>(string field, T? value)
    {
        if (value is null || (value is string text && string.IsNullOrWhiteSpace(text)))
        {
            Add(field, "is required.");
            return false;
        }

        return true;
    }

    /// <summary>Adds an error unless the trimmed text has between <paramref name="min"/> and <paramref name="max"/> characters.</summary>
    public bool Text(string field, string? value, int min, int max, bool required = true)
    {
        if (value is null || value.Trim().Length == 0)
        {
            if (required)
            {
                Add(field, "is required.");
            }

            return !required;
        }

        var length = value.Trim().Length;
        if (length < min || length > max)
        {
            Add(field, $"must be {min} to {max} characters long.");
            return false;
        }

        if (value.Any(char.IsControl))
        {
            Add(field, "must not contain control characters.");
            return false;
        }

        return true;
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}
