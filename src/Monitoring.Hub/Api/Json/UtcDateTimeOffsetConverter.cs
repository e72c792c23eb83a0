using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitoring.Hub.Api.Json;

/// <summary>
/// Times as ISO-8601 with an explicit offset or <c>Z</c> on input (a time without an offset is
/// ambiguous across clinics' time zones, so it is refused), always written back in UTC with <c>Z</c>.
/// Kept to the microsecond, as PostgreSQL stores them.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    private static readonly string[] InputFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
    ];

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is { Length: > 0 }
            && HasOffset(text)
            && DateTimeOffset.TryParseExact(text, InputFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return Database.StoredTime.Truncate(value.ToUniversalTime());
        }

        throw new JsonException("must be an ISO-8601 time with an offset, e.g. 2026-11-22T08:30:00Z.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
}
