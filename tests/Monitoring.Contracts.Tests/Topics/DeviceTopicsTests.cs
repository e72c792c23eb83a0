using Monitoring.Contracts.Topics;

namespace Monitoring.Contracts.Tests.Topics;

public sealed class DeviceTopicsTests
{
    [Theory]
    [InlineData(DeviceTopicKind.Telemetry, "rpm/v1/devices/ox-0001/telemetry")]
    [InlineData(DeviceTopicKind.Events, "rpm/v1/devices/ox-0001/events")]
    [InlineData(DeviceTopicKind.Status, "rpm/v1/devices/ox-0001/status")]
    public void BuildAndParseRoundTrip(DeviceTopicKind kind, string topic)
    {
        Assert.Equal(topic, DeviceTopics.Build("ox-0001", kind));

        Assert.True(DeviceTopics.TryParse(topic, out var deviceId, out var parsedKind));
        Assert.Equal("ox-0001", deviceId);
        Assert.Equal(kind, parsedKind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("rpm/v1/devices/ox-0001")]
    [InlineData("rpm/v1/devices//telemetry")]
    [InlineData("rpm/v1/devices/ox-0001/telemetry/extra")]
    [InlineData("rpm/v1/devices/ox-0001/alarms")]
    [InlineData("rpm/v2/devices/ox-0001/telemetry")]
    [InlineData("rpm/v1/devices/ox 0001/telemetry")]
    [InlineData("rpm/v1/devices/ox:0001/telemetry")]
    [InlineData("rpm/v1/devices/+/telemetry")]
    [InlineData("/rpm/v1/devices/ox-0001/telemetry")]
    public void ParseRefusesAnythingButAContractTopic(string topic)
    {
        Assert.False(DeviceTopics.TryParse(topic, out var deviceId, out _));
        Assert.Null(deviceId);
    }

    [Fact]
    public void ParseRefusesADeviceIdLongerThanTheLimit()
    {
        var id = new string('a', DeviceIds.MaxLength + 1);

        Assert.False(DeviceTopics.TryParse($"rpm/v1/devices/{id}/telemetry", out _, out _));
        Assert.True(DeviceTopics.TryParse($"rpm/v1/devices/{id[1..]}/telemetry", out _, out _));
    }

    [Fact]
    public void BuildRefusesADeviceIdWithTopicCharacters()
    {
        Assert.Throws<ArgumentException>(() => DeviceTopics.Telemetry("a/b"));
        Assert.Throws<ArgumentException>(() => DeviceTopics.Telemetry("#"));
    }

    [Fact]
    public void SharedFilterPutsTheGroupBeforeTheDeviceFilter()
    {
        Assert.Equal("rpm/v1/devices/+/telemetry", DeviceTopics.Filter(DeviceTopicKind.Telemetry));
        Assert.Equal("$share/hubs/rpm/v1/devices/+/status", DeviceTopics.SharedFilter("hubs", DeviceTopicKind.Status));
        Assert.Throws<ArgumentException>(() => DeviceTopics.SharedFilter("a/b", DeviceTopicKind.Status));
    }

    [Fact]
    public void BaseNameOfADeviceIsAnUrn()
    {
        Assert.Equal("urn:dev:id:ox-0001:", DeviceIds.BaseName("ox-0001"));
    }

    [Theory]
    [InlineData("online", "online")]
    [InlineData("offline", "offline")]
    [InlineData("Online", null)]
    [InlineData("online\n", null)]
    [InlineData("", null)]
    public void StatusPayloadsAreTheTwoBareWords(string payload, string? expected)
    {
        Assert.Equal(expected, DeviceStatusValues.Parse(System.Text.Encoding.UTF8.GetBytes(payload)));
    }
}
