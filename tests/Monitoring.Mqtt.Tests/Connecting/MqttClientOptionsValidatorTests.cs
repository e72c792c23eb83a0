namespace Monitoring.Mqtt.Tests.Connecting;

public sealed class MqttClientOptionsValidatorTests
{
    public static TheoryData<string, Func<MqttClientOptions, MqttClientOptions>> InvalidOptions => new()
    {
        { "empty host", o => With(o, host: "") },
        { "port 0", o => new MqttClientOptions { Host = o.Host, ClientId = o.ClientId, Port = 0 } },
        { "empty client id without clean session", o => new MqttClientOptions { Host = o.Host, ClientId = "", CleanSession = false } },
        { "client id with U+0000", o => new MqttClientOptions { Host = o.Host, ClientId = "a\0" } },
        { "password without user", o => new MqttClientOptions { Host = o.Host, ClientId = o.ClientId, Password = "p" } },
        { "keep-alive over 65535 s", o => new MqttClientOptions { Host = o.Host, ClientId = o.ClientId, KeepAlive = TimeSpan.FromSeconds(65_536) } },
        { "fractional keep-alive", o => new MqttClientOptions { Host = o.Host, ClientId = o.ClientId, KeepAlive = TimeSpan.FromMilliseconds(1500) } },
        { "max in flight 0", o => new MqttClientOptions { Host = o.Host, ClientId = o.ClientId, MaxInFlight = 0 } },
        { "max in flight above identifiers", o => new MqttClientOptions { Host = o.Host, ClientId = o.ClientId, MaxInFlight = 65_536 } },
        { "receive queue 0", o => new MqttClientOptions { Host = o.Host, ClientId = o.ClientId, ReceiveQueueCapacity = 0 } },
        { "outgoing queue 0", o => new MqttClientOptions { Host = o.Host, ClientId = o.ClientId, OutgoingQueueCapacity = 0 } },
        { "max packet size above 2.2.3", o => new MqttClientOptions { Host = o.Host, ClientId = o.ClientId, MaxPacketSize = 268_435_456 } },
        { "max reconnect delay below min", o => new MqttClientOptions { Host = o.Host, ClientId = o.ClientId, ReconnectMinDelay = TimeSpan.FromSeconds(2), ReconnectMaxDelay = TimeSpan.FromSeconds(1) } },
        { "will topic with wildcard", o => new MqttClientOptions { Host = o.Host, ClientId = o.ClientId, Will = new MqttWill("a/#", default) } },
        { "TLS without trust anchor", o => new MqttClientOptions { Host = o.Host, ClientId = o.ClientId, Tls = new MqttTlsOptions { UseSystemTrust = false } } },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void InvalidOptionsAreRejectedByTheConstructor(string because, Func<MqttClientOptions, MqttClientOptions> change)
    {
        var options = change(new MqttClientOptions { Host = "127.0.0.1", ClientId = "hub" });

        Assert.Throws<ArgumentException>(() => new MqttClient(options));
        Assert.NotEmpty(because);
    }

    [Fact]
    public void DefaultsAreValid()
    {
        var client = new MqttClient(new MqttClientOptions { Host = "broker.local", ClientId = "hub" });

        Assert.False(client.IsConnected);
    }

    [Fact]
    public void AnEmptyClientIdIsValidWithACleanSession()
    {
        _ = new MqttClient(new MqttClientOptions { Host = "127.0.0.1", ClientId = "", CleanSession = true });
    }

    private static MqttClientOptions With(MqttClientOptions options, string host) => new() { Host = host, ClientId = options.ClientId };
}
