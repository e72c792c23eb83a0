using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// The rules' redelivery memory: the <see cref="ReadingKey.Fingerprint"/>s of the
/// <see cref="Capacity"/> most recent rule-relevant readings, oldest first. Immutable (the alarm
/// service tells a changed <see cref="PatientRuleState"/> by reference): adding makes one copy,
/// so <see cref="PatientAlarmRules"/> adds a message's readings at once. A full memory is one
/// 512-byte array. Stored as a base64 string of the fingerprints' little-endian bytes
/// (<see cref="ReadingFingerprintsJsonConverter"/>).
/// </summary>
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

    private readonly ulong[] _items;

    private ReadingFingerprints(ulong[] items) => _items = items;

    public static ReadingFingerprints Empty { get; } = new([]);

    public int Count => _items.Length;

    /// <summary>The fingerprints, oldest first.</summary>
    public ReadOnlySpan<ulong> Items => _items;

    /// <summary>The newest <see cref="Capacity"/> of <paramref name="fingerprints"/> (oldest first).</summary>
    public static ReadingFingerprints From(ReadOnlySpan<ulong> fingerprints) =>
        fingerprints.IsEmpty ? Empty : new ReadingFingerprints(fingerprints[Math.Max(0, fingerprints.Length - Capacity)..].ToArray());

    public bool Contains(ulong fingerprint) => Contains(fingerprint, []);

    /// <summary>
    /// Whether <paramref name="fingerprint"/> is among the <see cref="Capacity"/> most recent of these
    /// followed by <paramref name="appended"/>, i.e. whether <c>Append(appended)</c> would contain it.
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

        var inOwn = Math.Min(_items.Length, Capacity - inAppended);
        for (var i = _items.Length - 1; i >= _items.Length - inOwn; i--)
        {
            if (_items[i] == fingerprint)
            {
                return true;
            }
        }

        return false;
    }

    public ReadingFingerprints Append(ulong fingerprint) => Append(new ReadOnlySpan<ulong>(in fingerprint));

    /// <summary>These followed by <paramref name="newest"/>, the oldest dropped beyond <see cref="Capacity"/>; one copy.</summary>
    public ReadingFingerprints Append(ReadOnlySpan<ulong> newest)
    {
        if (newest.IsEmpty)
        {
            return this;
        }

        var fromNewest = Math.Min(newest.Length, Capacity);
        var fromOwn = Math.Min(_items.Length, Capacity - fromNewest);
        var items = new ulong[fromOwn + fromNewest];
        _items.AsSpan(_items.Length - fromOwn).CopyTo(items);
        newest[^fromNewest..].CopyTo(items.AsSpan(fromOwn));
        return new ReadingFingerprints(items);
    }

    public bool Equals(ReadingFingerprints? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items);

    public override bool Equals(object? obj) => Equals(obj as ReadingFingerprints);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(_items.AsSpan()));
        return hash.ToHashCode();
    }
}
