using System.Buffers.Binary;
using System.Text;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// Identifies a reading for redelivery detection: same device, same stream (metric, or symptom),
/// same own time and same value is the same reading. The rules remember only its
/// <see cref="Fingerprint"/> (<see cref="ReadingFingerprints"/>); version 1 of the stored
/// <see cref="PatientRuleState"/> held the keys themselves, which is why the type still reads from JSON.
/// </summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Stream">The metric's contract name (<c>spo2</c>, <c>temp</c>, <c>bat</c>) or <c>symptom:{name}</c>.</param>
/// <param name="At">The reading's own time.</param>
/// <param name="Value">The value (0 for symptoms).</param>
public readonly record struct ReadingKey(string DeviceId, string Stream, DateTimeOffset At, double Value)
{
    private const ulong FnvOffsetBasis = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    // Never part of well-formed UTF-8 (RFC 3629 §1), so it ends a string unambiguously:
    // ("ab", "c") and ("a", "bc") feed different bytes.
    private const byte Terminator = 0xFF;

    /// <summary>
    /// A 64-bit fingerprint of the key, the same in every process, on every machine and in every
    /// version of this code (it is stored): FNV-1a 64 over the UTF-8 bytes of <see cref="DeviceId"/>
    /// and <see cref="Stream"/> (each followed by a 0xFF byte), then the little-endian bytes of the
    /// UTC ticks of <see cref="At"/> and of the bits of <see cref="Value"/>, finished by a 64-bit
    /// avalanche mix so that every input bit moves every output bit. Equal keys (as the rules compare
    /// them: the same instant whatever its offset, <c>0.0</c> and <c>-0.0</c> alike) have equal fingerprints.
    /// </summary>
    /// <remarks>
    /// Not <see cref="string.GetHashCode()"/>: that is randomised per process. Different keys share a
    /// fingerprint with a probability of about 2^-64 per pair, so a new reading is mistaken for one of
    /// the <see cref="ReadingFingerprints.Capacity"/> remembered ones with a probability of about
    /// 64/2^64 (~3.5e-18). The cost of that mistake is bounded: the reading is skipped by the alarm
    /// rules of that one patient (it is still stored and shown), and the next reading is judged as usual.
    /// </remarks>
    public ulong Fingerprint
    {
        get
        {
            var hash = FnvOffsetBasis;
            hash = AddUtf8(hash, DeviceId);
            hash = AddUtf8(hash, Stream);
            Span<byte> bytes = stackalloc byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, At.UtcTicks);
            hash = Add(hash, bytes);
            // The rules compare values with double.Equals: -0.0 equals 0.0 and NaN equals NaN,
            // so both get one bit pattern here.
            var value = Value == 0 ? 0d : double.IsNaN(Value) ? double.NaN : Value;
            BinaryPrimitives.WriteInt64LittleEndian(bytes, BitConverter.DoubleToInt64Bits(value));
            hash = Add(hash, bytes);
            return Avalanche(hash);
        }
    }

    public static ReadingKey Of(VitalReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return new ReadingKey(reading.DeviceId, AlarmWireNames.Of(reading.Metric), reading.At, reading.Value);
    }

    public static ReadingKey Of(SymptomReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new ReadingKey(report.DeviceId, "symptom:" + AlarmWireNames.Of(report.Symptom), report.At, 0);
    }

    /// <summary>The string's UTF-8 bytes then <see cref="Terminator"/>; a lone surrogate counts as U+FFFD, as <see cref="Encoding.UTF8"/> writes it.</summary>
    private static ulong AddUtf8(ulong hash, string? text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (rest[0] < 0x80)
            {
                hash = (hash ^ rest[0]) * FnvPrime;
                rest = rest[1..];
                continue;
            }

            _ = Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
            hash = Add(hash, utf8[..rune.EncodeToUtf8(utf8)]);
            rest = rest[consumed..];
        }

        return (hash ^ Terminator) * FnvPrime;
    }

    private static ulong Add(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }

    // FNV-1a mixes its last bytes into few bits; this finalizer (the 64-bit one of MurmurHash3)
    // spreads them over the whole value.
    private static ulong Avalanche(ulong hash)
    {
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53;
        hash ^= hash >> 33;
        return hash;
    }
}
