using System.Text.Json;
using Monitoring.Domain.Alarms;

namespace Monitoring.Domain.Tests.Alarms;

public sealed class ReadingFingerprintsTests
{
    private static ulong[] Sequence(int count, ulong first = 1) => [.. Enumerable.Range(0, count).Select(i => first + (ulong)i)];

    [Fact]
    public void AppendingOneAtATimeKeepsTheNewestOldestFirst()
    {
        var fingerprints = ReadingFingerprints.Empty;
        foreach (var fingerprint in Sequence(ReadingFingerprints.Capacity + 1))
        {
            fingerprints = fingerprints.Append(fingerprint);
        }

        Assert.Equal(Sequence(ReadingFingerprints.Capacity, first: 2), fingerprints.Items.ToArray());
        Assert.False(fingerprints.Contains(1));
        Assert.True(fingerprints.Contains(2));
    }

    [Fact]
    public void AppendingMoreThanTheCapacityAtOnceKeepsTheNewest()
    {
        var fingerprints = ReadingFingerprints.From(Sequence(10)).Append(Sequence(ReadingFingerprints.Capacity + 5, first: 100));

        Assert.Equal(Sequence(ReadingFingerprints.Capacity, first: 105), fingerprints.Items.ToArray());
    }

    [Fact]
    public void AppendingLeavesTheOriginalAsItWas()
    {
        var original = ReadingFingerprints.From(Sequence(3));

        var appended = original.Append(4);

        Assert.Equal(Sequence(3), original.Items.ToArray());
        Assert.Equal(Sequence(4), appended.Items.ToArray());
        Assert.Same(original, original.Append([]));
    }

    // What Evaluate relies on to add a message's readings once: Contains with pending fingerprints
    // answers as Append would.
    [Fact]
    public void VersionsSharingABufferEachKeepTheirOwnWindow()
    {
        // A draft appended to and then dropped (its write failed): memory's version is appended to
        // again and must not see the dropped draft's fingerprint, nor change the draft's window.
        var kept = ReadingFingerprints.From(Sequence(5));
        var dropped = kept.Append(100);
        var retried = kept.Append(200);
        var next = dropped.Append(101);

        Assert.Equal(Sequence(5), kept.Items.ToArray());
        Assert.Equal([.. Sequence(5), 100UL], dropped.Items.ToArray());
        Assert.Equal([.. Sequence(5), 200UL], retried.Items.ToArray());
        Assert.Equal([.. Sequence(5), 100UL, 101UL], next.Items.ToArray());
        Assert.False(retried.Contains(100));
        Assert.Equal(retried, ReadingFingerprints.From([.. Sequence(5), 200UL]));
    }

    [Fact]
    public void ALongStreamKeepsEveryVersionsWindowWhateverTheBufferHasDone()
    {
        // Past many buffer changes, each version still shows exactly the newest Capacity before it.
        var versions = new List<ReadingFingerprints> { ReadingFingerprints.Empty };
        for (var i = 1; i <= 5 * ReadingFingerprints.Capacity; i++)
        {
            versions.Add(versions[^1].Append((ulong)i));
        }

        for (var i = 0; i < versions.Count; i++)
        {
            var expected = Sequence(Math.Min(i, ReadingFingerprints.Capacity), first: (ulong)Math.Max(1, i - ReadingFingerprints.Capacity + 1));
            Assert.Equal(expected, versions[i].Items.ToArray());
        }
    }

    [Fact]
    public void AppendsFromSeveralThreadsToOneVersionEachGetTheirOwn()
    {
        // The grain appends alone, but the type is shared domain: a race for the same free slot is
        // won by one; the others copy.
        var start = ReadingFingerprints.From(Sequence(3));
        var results = new ReadingFingerprints[64];
        Parallel.For(0, results.Length, i => results[i] = start.Append(1000 + (ulong)i));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal([.. Sequence(3), 1000 + (ulong)i], results[i].Items.ToArray());
        }
    }

    [Fact]
    public void ContainsWithPendingLooksAtTheWindowAppendWouldKeep()
    {
        var own = ReadingFingerprints.From(Sequence(ReadingFingerprints.Capacity));
        var pending = Sequence(2, first: 1000);

        Assert.True(own.Contains(1000, pending));
        Assert.True(own.Contains(3, pending));
        Assert.False(own.Contains(2, pending));
        Assert.False(own.Append(pending).Contains(2));
        Assert.False(own.Contains(999, pending));
    }

    [Fact]
    public void JsonIsABase64StringOfLittleEndianBytes()
    {
        var fingerprints = ReadingFingerprints.From([0x0102030405060708, ulong.MaxValue]);

        var json = JsonSerializer.Serialize(fingerprints);

        Assert.Equal("\"CAcGBQQDAgH//////////w==\"", json);
        Assert.Equal(fingerprints, JsonSerializer.Deserialize<ReadingFingerprints>(json));
    }

    [Fact]
    public void FullMemoryRoundTripsThroughJson()
    {
        var fingerprints = ReadingFingerprints.From([.. Sequence(ReadingFingerprints.Capacity).Select(i => i * 0x9E3779B97F4A7C15)]);

        var restored = JsonSerializer.Deserialize<ReadingFingerprints>(JsonSerializer.Serialize(fingerprints))!;

        Assert.Equal(fingerprints.Items.ToArray(), restored.Items.ToArray());
    }

    [Fact]
    public void NullReadsAsEmpty()
    {
        Assert.Same(ReadingFingerprints.Empty, JsonSerializer.Deserialize<ReadingFingerprints>("null"));
    }

    [Theory]
    [InlineData("\"AQID\"")]
    [InlineData("[1, 2]")]
    [InlineData("\"not base64!\"")]
    public void OtherJsonIsRefused(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ReadingFingerprints>(json));
    }
}
