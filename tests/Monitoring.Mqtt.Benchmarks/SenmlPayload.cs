using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Monitoring.Mqtt.Benchmarks;

/// <summary>
/// A pulse-oximeter SenML record (RFC 8428) as devices send it. The base time carries the
/// message's sequence number, so receivers can count losses and duplicates without
/// changing the payload's shape or size.
/// </summary>
public sealed class SenmlPayload
{
    private const long BaseTime = 1_763_798_400;
    private static readonly byte[] BaseTimeField = "\"bt\":"u8.ToArray();
    private readonly string _padding;

    public SenmlPayload(int size)
    {
        _padding = "";
        var natural = Text(0).Length;
        if (size > natural)
        {
            const string emptyPadding = ",{\"n\":\"fw\",\"vs\":\"\"}";
            _padding = $",{{\"n\":\"fw\",\"vs\":\"{new string('x', Math.Max(0, size - natural - emptyPadding.Length))}\"}}";
        }
    }

    public int Size => Encoding.UTF8.GetByteCount(Text(0));

    /// <summary>One line, no newline inside: mosquitto_pub -l sends one message per line.</summary>
    public string Text(int sequence) => string.Create(
        CultureInfo.InvariantCulture,
        $$"""[{"bn":"urn:dev:id:ox-0001:","bt":{{BaseTime + sequence}},"n":"spo2","u":"%","v":92.5},{"n":"pr","u":"beat/min","v":97},{"n":"pi","u":"%","v":3.1}{{_padding}}]""");

    public byte[] Bytes(int sequence) => Encoding.UTF8.GetBytes(Text(sequence));

    public static bool TryReadSequence(ReadOnlySpan<byte> payload, out int sequence)
    {
        sequence = 0;
        var at = payload.IndexOf(BaseTimeField);
        if (at < 0 || !Utf8Parser.TryParse(payload[(at + BaseTimeField.Length)..], out long time, out _))
        {
            return false;
        }

        sequence = (int)(time - BaseTime);
        return true;
    }
}
