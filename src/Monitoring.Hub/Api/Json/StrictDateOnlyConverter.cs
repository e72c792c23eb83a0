using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitoring.Hub.Api.Json;

/// <summary>Dates exactly as <c>YYYY-MM-DD</c>, as the contract writes them.</summary>
public sealed class StrictDateOnlyConverter : JsonConverter<DateOnly>
{
    private const string Format = "yyyy-MM-dd";

    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String
            && DateOnly.TryParseExact(reader.GetString(), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        throw new JsonException("must be a date written YYYY-MM-DD.");
    }

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(Format, CultureInfo.InvariantCulture));
}
