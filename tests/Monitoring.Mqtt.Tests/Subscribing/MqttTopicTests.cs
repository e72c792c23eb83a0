namespace Monitoring.Mqtt.Tests.Subscribing;

public sealed class MqttTopicTests
{
    [Theory]
    [InlineData("rpm/v1/devices/ox-0001/telemetry", true)]
    [InlineData("a", true)]
    [InlineData("/", true)]
    [InlineData("a//b", true)]
    [InlineData("/leading", true)]
    [InlineData("$SYS/broker/uptime", true)]
    [InlineData("温度/😀", true)]
    [InlineData("", false)]
    [InlineData("a/+", false)]
    [InlineData("a/#", false)]
    [InlineData("a+", false)]
    [InlineData("a\0b", false)]
    public void TopicNamesAreValidatedPerSpec473(string topic, bool valid)
    {
        Assert.Equal(valid, MqttTopic.IsValidTopicName(topic));
    }

    [Fact]
    public void UnpairedSurrogatesCannotBeEncodedAsUtf8()
    {
        Assert.False(MqttTopic.IsValidTopicName("a\uD800b"));
        Assert.False(MqttTopic.IsValidTopicName("a\uDC00"));
        Assert.False(MqttTopic.IsValidTopicFilter("a/\uD83D"));
        Assert.True(MqttTopic.IsValidTopicName("a\uD83D\uDE00"));
    }

    [Fact]
    public void TopicNamesAreLimitedTo65535Utf8Bytes()
    {
        Assert.True(MqttTopic.IsValidTopicName(new string('a', 65_535)));
        Assert.False(MqttTopic.IsValidTopicName(new string('a', 65_536)));
        Assert.False(MqttTopic.IsValidTopicName(new string('€', 21_846)));
    }

    [Theory]
    [InlineData("#", true)]
    [InlineData("+", true)]
    [InlineData("+/+/#", true)]
    [InlineData("a/#", true)]
    [InlineData("a/+/c", true)]
    [InlineData("/+", true)]
    [InlineData("+/", true)]
    [InlineData("$SYS/#", true)]
    [InlineData("$SYS/broker/+", true)]
    [InlineData("$share/g/a/#", true)]
    [InlineData("$share/hub/rpm/v1/devices/+/telemetry", true)]
    [InlineData("$share/g/#", true)]
    [InlineData("", false)]
    [InlineData("a/#/b", false)]
    [InlineData("a+", false)]
    [InlineData("a/b+/c", false)]
    [InlineData("#/a", false)]
    [InlineData("a#", false)]
    [InlineData("a/#b", false)]
    [InlineData("++", false)]
    [InlineData("$share/g", false)]
    [InlineData("$share/g/", false)]
    [InlineData("$share//a", false)]
    [InlineData("$share/+/a", false)]
    [InlineData("$share/g#/a", false)]
    [InlineData("$share/g/a/#/b", false)]
    [InlineData("a\0", false)]
    public void TopicFiltersAreValidatedPerSpec471(string filter, bool valid)
    {
        Assert.Equal(valid, MqttTopic.IsValidTopicFilter(filter));
    }

    [Theory]
    [InlineData("a/b/c", "a/b/c", true)]
    [InlineData("a/b/c", "a/b", false)]
    [InlineData("a/b", "a/b/c", false)]
    [InlineData("#", "a/b/c", true)]
    [InlineData("#", "/", true)]
    [InlineData("a/#", "a", true)]
    [InlineData("a/#", "a/b/c", true)]
    [InlineData("a/#", "ab", false)]
    [InlineData("a/b/#", "a", false)]
    [InlineData("+", "a", true)]
    [InlineData("+", "a/b", false)]
    [InlineData("+", "/a", false)]
    [InlineData("+/+", "/a", true)]
    [InlineData("a/+", "a/", true)]
    [InlineData("a/+/c", "a/x/c", true)]
    [InlineData("a/+/c", "a/x/y/c", false)]
    [InlineData("+/+/#", "a/b", true)]
    [InlineData("+/+/#", "a", false)]
    [InlineData("rpm/v1/devices/+/telemetry", "rpm/v1/devices/ox-0001/telemetry", true)]
    [InlineData("rpm/v1/devices/+/telemetry", "rpm/v1/devices/ox-0001/events", false)]
    [InlineData("A/b", "a/b", false)]
    [InlineData("#", "$SYS/broker", false)]
    [InlineData("+/broker", "$SYS/broker", false)]
    [InlineData("$SYS/#", "$SYS/broker", true)]
    [InlineData("$SYS/+", "$SYS/broker", true)]
    [InlineData("a/#", "a/$b", true)]
    [InlineData("$share/g/a/#", "a/b", true)]
    [InlineData("$share/g/#", "$SYS/x", false)]
    [InlineData("a/#/b", "a/x/b", false)]
    [InlineData("a", "a/+", false)]
    public void MatchesFollowsSpec47IncludingTheDollarRule(string filter, string topic, bool matches)
    {
        Assert.Equal(matches, MqttTopic.Matches(filter, topic));
    }

    [Theory]
    [InlineData("$share/hub/rpm/v1/devices/#", "hub")]
    [InlineData("$share/g/a", "g")]
    [InlineData("$share/g", null)]
    [InlineData("$share//a", null)]
    [InlineData("rpm/#", null)]
    [InlineData("$SYS/#", null)]
    public void SharedGroupNamesTheGroupOfAShareFilter(string filter, string? group)
    {
        Assert.Equal(group, MqttTopic.SharedGroup(filter));
    }
}
