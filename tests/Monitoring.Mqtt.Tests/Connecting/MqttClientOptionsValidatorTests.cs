namespace Monitoring.Mqtt.Tests.Connecting;

public sealed class MqttClientOptionsValidatorTests
{
    private const string Host = "127.0.0.1";
    private const string ClientId = "hub";

    public static TheoryData<string, MqttClientOptions> InvalidOptions => new()
    {
        { "empty host", new MqttClientOptions { Host = "", ClientId = ClientId } },
        { "port 0", new MqttClientOptions { Host = Host, ClientId = ClientId, Port = 0 } },
        { "empty client id without clean session", new MqttClientOptions { Host = Host, ClientId = "", CleanSession = false } },
        { "client id with U+0000", new MqttClientOptions { Host = Host, ClientId = "a\0" } },
        { "password without user", new MqttClientOptions { Host = Host, ClientId = ClientId, Password = "p" } },
        { "keep-alive over 65535 s", new MqttClientOptions { Host = Host, ClientId = ClientId, KeepAlive = TimeSpan.FromSeconds(65_536) } },
        { "fractional keep-alive", new MqttClientOptions { Host = Host, ClientId = ClientId, KeepAlive = TimeSpan.FromMilliseconds(1500) } },
        { "max in flight 0", new MqttClientOptions { Host = Host, ClientId = ClientId, MaxInFlight = 0 } },
        { "max in flight above the identifiers", new MqttClientOptions { Host = Host, ClientId = ClientId, MaxInFlight = 65_536 } },
        { "receive queue 0", new MqttClientOptions { Host = Host, ClientId = ClientId, ReceiveQueueCapacity = 0 } },
        { "outgoing queue 0", new MqttClientOptions { Host = Host, ClientId = ClientId, OutgoingQueueCapacity = 0 } },
        { "max packet size above 2.2.3", new MqttClientOptions { Host = Host, ClientId = ClientId, MaxPacketSize = 268_435_456 } },
        { "max reconnect delay below min", new MqttClientOptions { Host = Host, ClientId = ClientId, ReconnectMinDelay = TimeSpan.FromSeconds(2), ReconnectMaxDelay = TimeSpan.FromSeconds(1) } },
        { "will topic with wildcard", new MqttClientOptions { Host = Host, ClientId = ClientId, Will = new MqttWill("a/#", default) } },
        { "TLS without trust anchor", new MqttClientOptions { Host = Host, ClientId = ClientId, Tls = new MqttTlsOptions { UseSystemTrust = false } } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void InvalidOptionsAreRejectedByTheConstructor(string problem, MqttClientOptions options)
    {
        var rejected = Assert.Throws<ArgumentException>(() => new MqttClient(options));

        Assert.False(string.IsNullOrEmpty(rejected.Message), problem);
    }

    [Fact]
    public void DefaultsAreValid()
    {
        var client = new MqttClient(new MqttClientOptions { Host = "broker.local", ClientId = ClientId });

        Assert.False(client.IsConnected);
    }

    [Fact]
    public void AnEmptyClientIdIsValidWithACleanSession()
    {
        var client = new MqttClient(new MqttClientOptions { Host = Host, ClientId = "", CleanSession = true });

        Assert.False(client.IsConnected);
    }
}
