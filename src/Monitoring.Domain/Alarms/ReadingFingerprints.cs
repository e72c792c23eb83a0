using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// The rules' redelivery memory: the <see cref="ReadingKey.Fingerprint"/>s of the
/// <see cref="Capacity"/> most recent rule-relevant readings, oldest first. Immutable (the alarm
/// service tells a changed <see cref="PatientRuleState"/> by reference, and keeps the previous
/// version when a write fails). Stored as a base64 string of the fingerprints' little-endian bytes
/// (<see cref="ReadingFingerprintsJsonConverter"/>).
/// </summary>
/// <remarks>
/// A version is a window of a buffer that versions share, append-only: appending to the newest
/// version writes past its end into the free part of the buffer (claimed once, atomically) and
/// returns a wider window, so a patient's message costs one small object instead of a copy of up to
/// 512 bytes (8 % of the hub's allocated bytes at 10,000 msg/s, each copy living until the next
/// message). Appending to an older version (the window's end is no longer the buffer's), or to a full
/// buffer, copies the newest <see cref="Capacity"/> into a new buffer half as large again (at most
/// <see cref="Slack"/> past the window). What a version shows is never written again.
/// </remarks>
[JsonConverter(typeof(ReadingFingerprintsJsonConverter))]
public sealed class ReadingFingerprints : IEquatable<ReadingFingerprints>
{
    /// <summary>
    /// How many readings are remembered. MQTT QoS 1 redelivers the unacknowledged message(s) after a
    /// reconnect; a pack of SpO2, temperature and battery records is well within this. Pulse,
    /// respiratory rate and perfusion index are not remembered: no rule reads them, so their
    /// redelivery changes nothing.
    /// </summary>
    public const int Capacity = 64;

    /// <summary>
    /// Room a full window's buffer keeps past it: a steady stream copies the window once every this
    /// many appends, and a patient's memory is this many fingerprints (64 bytes) larger than the window.
    /// </summary>
    private const int Slack = 8;

    private readonly Buffer _buffer;
    private readonly int _start;
    private readonly int _end;

    private ReadingFingerprints(Buffer buffer, int start, int end) => (_buffer, _start, _end) = (buffer, start, end);

    public static ReadingFingerprints Empty { get; } = new(new Buffer(0, 0), 0, 0);

    public int Count => _end - _start;

    /// <summary>The fingerprints, oldest first.</summary>
    public ReadOnlySpan<ulong> Items => _buffer.Items.AsSpan(_start, _end - _start);

    /// <summary>The newest <see cref="Capacity"/> of <paramref name="fingerprints"/> (oldest first).</summary>
    public static ReadingFingerprints From(ReadOnlySpan<ulong> fingerprints) => fingerprints.IsEmpty ? Empty : Empty.Append(fingerprints);

    public bool Contains(ulong fingerprint) => Contains(fingerprint, []);

    /// <summary>
    /// Whether <paramref name="fingerprint"/> is remembered once <paramref name="appended"/> (not yet
    /// added) would be: looks only at the window <see cref="Append(ReadOnlySpan{ulong})"/> would keep.
    /// </summary>
    public bool Contains(ulong fingerprint, ReadOnlySpan<ulong> appended)
    {
        // A redelivery is of the newest readings: look from the end.
        var inAppended = Math.Min(appended.Length, Capacity);
        for (var i = appended.Length - 1; i >= appended.Length - inAppended; i--)
        {
            if (appended[i] == fingerprint)
            {
                return true;
            }
        }

        var items = Items;
        var inOwn = Math.Min(items.Length, Capacity - inAppended);
        for (var i = items.Length - 1; i >= items.Length - inOwn; i--)
        {
            if (items[i] == fingerprint)
            {
                return true;
            }
        }

        return false;
    }

    public ReadingFingerprints Append(ulong fingerprint) => Append(new ReadOnlySpan<ulong>(in fingerprint));

    /// <summary>This memory with <paramref name="newest"/> added at the end, keeping the newest <see cref="Capacity"/>.</summary>
    public ReadingFingerprints Append(ReadOnlySpan<ulong> newest)
    {
        if (newest.IsEmpty)
        {
            return this;
        }

        if (newest.Length <= _buffer.Items.Length - _end && _buffer.TryClaim(_end, newest.Length))
        {
            newest.CopyTo(_buffer.Items.AsSpan(_end));
            var end = _end + newest.Length;
            return new ReadingFingerprints(_buffer, Math.Max(_start, end - Capacity), end);
        }

        // Copy the newest window into a new buffer (this version is not the buffer's newest, or the buffer is full).
        var fromNewest = Math.Min(newest.Length, Capacity);
        var fromOwn = Math.Min(Count, Capacity - fromNewest);
        var count = fromOwn + fromNewest;
        var buffer = new Buffer(Math.Min(Capacity + Slack, count + Math.Max(4, count / 2)), count);
        Items[^fromOwn..].CopyTo(buffer.Items);
        newest[^fromNewest..].CopyTo(buffer.Items.AsSpan(fromOwn));
        return new ReadingFingerprints(buffer, 0, count);
    }

    public bool Equals(ReadingFingerprints? other) =>
        other is not null && Items.SequenceEqual(other.Items);

    public override bool Equals(object? obj) => Equals(obj as ReadingFingerprints);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(Items));
        return hash.ToHashCode();
    }

    /// <summary>Fingerprints shared by versions, written up to where the newest version ends.</summary>
    private sealed class Buffer(int length, int used)
    {
        private int _used = used;

        public ulong[] Items { get; } = new ulong[length];

        /// <summary>Claims [<paramref name="from"/>, +<paramref name="count"/>) if nothing was written at <paramref name="from"/> yet.</summary>
        public bool TryClaim(int from, int count) => Interlocked.CompareExchange(ref _used, from + count, from) == from;
    }
}
