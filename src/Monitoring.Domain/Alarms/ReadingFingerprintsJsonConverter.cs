using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// <see cref="ReadingFingerprints"/> as one base64 string of the fingerprints' little-endian bytes,
/// oldest first: 684 characters when full, against ~1,300 for an array of 20-digit numbers, and
/// no number above 2^53 that a JSON reader working in doubles (JavaScript, some jsonb tooling) would round.
/// </summary>
public sealed class ReadingFingerprintsJsonConverter : JsonConverter<ReadingFingerprints>
{
    public override bool HandleNull => true;

    public override ReadingFingerprints Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ReadingFingerprints.Empty;
        }

        if (reader.TokenType != JsonTokenType.String || !reader.TryGetBytesFromBase64(out var bytes) || bytes.Length % sizeof(ulong) != 0)
        {
            throw new JsonException("Reading fingerprints must be a base64 string of 8-byte values.");
        }

        var fingerprints = new ulong[bytes.Length / sizeof(ulong)];
        for (var i = 0; i < fingerprints.Length; i++)
        {
            fingerprints[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)));
        }

        return ReadingFingerprints.From(fingerprints);
    }

    public override void Write(Utf8JsonWriter writer, ReadingFingerprints value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);

        Span<byte> bytes = stackalloc byte[ReadingFingerprints.Capacity * sizeof(ulong)];
        var items = value.Items;
        for (var i = 0; i < items.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes[(i * sizeof(ulong))..], items[i]);
        }

        writer.WriteBase64StringValue(bytes[..(items.Length * sizeof(ulong))]);
    }
}
