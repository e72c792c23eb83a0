using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitoring.Hub.Api.Json;

/// <summary>
/// Enums as the contract spells them (<c>"green"</c>, <c>"nurse"</c>, <c>"pcr"</c>), read
/// exactly: no numbers, no other casing. An unknown value fails with a message listing the
/// allowed ones, which the API turns into a 400 problem naming the field.
/// </summary>
public sealed class SnakeCaseEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(SnakeCaseEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class SnakeCaseEnumConverter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String && Codes.TryParse<TEnum>(reader.GetString(), out var value))
            {
                return value;
            }

            throw new JsonException($"must be one of: {Codes.AllowedList<TEnum>()}.");
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Codes.Of(value));
    }
}
