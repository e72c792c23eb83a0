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
