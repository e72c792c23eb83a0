using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;

namespace Monitoring.FirmwareSim.Load;

/// <summary>
/// The load-mode message: a SenML pack with SpO2 and pulse (two readings) whose first record also
/// carries <c>"seq"</c>, the device's message number (1, 2, ...), so a consumer can count losses and
/// duplicates per device. RFC 8428 §4.4 lets a pack carry labels a receiver does not know (only
/// labels ending in '_' must be understood); the hub's parser skips it.
/// </summary>
public static class LoadPayload
{
    public const string SequenceLabel = "seq";

    private static readonly byte[] SequenceField = "\"seq\":"u8.ToArray();

    public static byte[] Build(string deviceId, long sequence, DateTimeOffset time, double spo2, double pulse)
    {
        SenmlRecord[] records =
        [
            new()
            {
                BaseName = DeviceIds.BaseName(deviceId),
                BaseTime = SenmlRecord.Seconds(time),
                Name = MetricNames.Spo2,
                Unit = SenmlUnits.Percent,
                Value = spo2,
            },
            new() { Name = MetricNames.PulseRate, Unit = SenmlUnits.BeatsPerMinute, Value = pulse },
        ];
        var pack = SenmlWriter.ToUtf8Bytes(records);

        // SenmlRecord has no extension labels, so the label goes in front of the first record's
        // fields: the writer's output always starts with `[{` and the first record is never empty.
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"[{{\"{SequenceLabel}\":{sequence},"));
        var payload = new byte[prefix.Length + pack.Length - 2];
        prefix.CopyTo(payload, 0);
        pack.AsSpan(2).CopyTo(payload.AsSpan(prefix.Length));
        return payload;
    }

    /// <summary>Reads the sequence number of a load-mode payload.</summary>
    public static bool TryReadSequence(ReadOnlySpan<byte> payload, out long sequence)
    {
        sequence = 0;
        var at = payload.IndexOf(SequenceField);
        return at >= 0 && Utf8Parser.TryParse(payload[(at + SequenceField.Length)..], out sequence, out _);
    }
}
