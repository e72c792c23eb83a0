using System.Buffers;
using System.Text.Json;

namespace Monitoring.Contracts.Senml;

/// <summary>Writes SenML JSON packs (RFC 8428 §5) for devices, the simulator and tests.</summary>
public static class SenmlWriter
{
    public static void Write(Utf8JsonWriter writer, IEnumerable<SenmlRecord> records)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        writer.WriteStartArray();
        foreach (var record in records)
        {
            WriteRecord(writer, record);
        }

        writer.WriteEndArray();
    }

    public static void Write(IBufferWriter<byte> output, IEnumerable<SenmlRecord> records)
    {
        using var writer = new Utf8JsonWriter(output);
        Write(writer, records);
    }

    public static byte[] ToUtf8Bytes(IEnumerable<SenmlRecord> records)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, records);
        return buffer.WrittenSpan.ToArray();
    }

    public static string ToJson(IEnumerable<SenmlRecord> records) => System.Text.Encoding.UTF8.GetString(ToUtf8Bytes(records));

    private static void WriteRecord(Utf8JsonWriter writer, SenmlRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteStartObject();
        if (record.BaseName is { } bn)
        {
            writer.WriteString("bn"u8, bn);
        }

        if (record.BaseTime is { } bt)
        {
            writer.WriteNumber("bt"u8, bt);
        }

        if (record.BaseUnit is { } bu)
        {
            writer.WriteString("bu"u8, bu);
        }

        if (record.BaseValue is { } bv)
        {
            writer.WriteNumber("bv"u8, bv);
        }

        if (record.Name is { } n)
        {
            writer.WriteString("n"u8, n);
        }

        if (record.Unit is { } u)
        {
            writer.WriteString("u"u8, u);
        }

        if (record.Value is { } v)
        {
            writer.WriteNumber("v"u8, v);
        }

        if (record.StringValue is { } vs)
        {
            writer.WriteString("vs"u8, vs);
        }

        if (record.BoolValue is { } vb)
        {
            writer.WriteBoolean("vb"u8, vb);
        }

        if (record.Time is { } t)
        {
            writer.WriteNumber("t"u8, t);
        }

        writer.WriteEndObject();
    }
}
