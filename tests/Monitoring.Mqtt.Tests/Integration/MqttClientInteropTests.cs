using System.Text;

namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>Our client against Mosquitto's own command-line clients, byte for byte.</summary>
[Collection(MosquittoCollection.Name)]
public sealed class MqttClientInteropTests : IClassFixture<MosquittoFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    // SenML (RFC 8428) readings with Chinese notes and a 4-byte UTF-8 character, as devices send them.
    private static readonly string[] SenmlLines =
    [
        """[{"bn":"urn:dev:id:ox-0001:","bt":1763798400,"n":"spo2","u":"%","v":92.5},{"n":"note","vs":"血氧饱和度偏低，请复查"}]""",
        """[{"bn":"urn:dev:id:bp-0002:","bt":1763798460,"n":"sys","u":"mm[Hg]","v":142},{"n":"note","vs":"患者：张伟 — 头晕"}]""",
        """[{"bn":"urn:dev:id:hr-0003:","bt":1763798520,"n":"hr","u":"beat/min","v":51},{"n":"note","vs":"夜间心动过缓 ✓ 𠀋"}]""",
    ];

    private readonly MosquittoFixture _fixture;

    public MqttClientInteropTests(MosquittoFixture fixture) => _fixture = fixture;

    public async ValueTask InitializeAsync() => await _fixture.Broker.StartAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _fixture.ReportIfFailed();
        return ValueTask.CompletedTask;
    }

    [Fact(Timeout = 90_000)]
    public async Task MessagesPublishedByMosquittoPubArriveUnchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = MosquittoFixture.NewTopic("from-cli");
        await using var subscriber = _fixture.CreateClient("alice");
        await using var received = new MessageCollector(subscriber, acknowledge: true);
        await subscriber.ConnectAsync(ct);
        await subscriber.SubscribeAsync([new MqttTopicFilter(topic, MqttQualityOfService.AtLeastOnce)], ct);

        var binary = BinaryPayload();
        var binaryFile = Path.Combine(_fixture.Broker.DataDirectory, $"payload-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(binaryFile, binary, ct);
        // -l: one message per stdin line, QoS 1, in order, over one connection.
        await MosquittoPubAsync(topic, ["-l"], string.Join('\n', SenmlLines) + "\n", ct);
        await MosquittoPubAsync(topic, ["-f", binaryFile], null, ct);
        await MosquittoPubAsync(topic, ["-n"], null, ct);

        byte[][] expected = [.. SenmlLines.Select(Encoding.UTF8.GetBytes), binary, []];
        await received.WaitForCountAsync(expected.Length, Bound, ct);
        var messages = received.Snapshot();
        Assert.Equal(expected.Length, messages.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(topic, messages[i].Topic);
            Assert.Equal(MqttQualityOfService.AtLeastOnce, messages[i].Qos);
            Assert.Equal(expected[i], messages[i].Payload);
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task MessagesPublishedByOurClientArriveUnchangedAtMosquittoSub()
    {
        var ct = TestContext.Current.CancellationToken;
        var topic = MosquittoFixture.NewTopic("to-cli");
        var subscriberId = MosquittoFixture.NewClientId();
        // A persistent session subscribed before we publish: mosquitto_sub -E exits once its
        // SUBACK is in, and the second run collects what the broker queued meanwhile.
        await MosquittoSubAsync(subscriberId, topic, ["-E"], ct);

        byte[][] payloads = [.. SenmlLines.Select(Encoding.UTF8.GetBytes), BinaryPayload(), []];
        await using (var publisher = _fixture.CreateClient("bob"))
        {
            await publisher.ConnectAsync(ct);
            foreach (var payload in payloads)
            {
                await publisher.PublishAsync(new MqttApplicationMessage(topic, payload, MqttQualityOfService.AtLeastOnce), ct);
            }

            await publisher.DisconnectAsync(ct);
        }

        // %x prints the payload as hex, so binary payloads and newlines survive the pipe.
        var output = await MosquittoSubAsync(
            subscriberId, topic, ["-C", payloads.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), "-W", "30", "-F", "%t %x"], ct);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(payloads.Length, lines.Length);
        for (var i = 0; i < payloads.Length; i++)
        {
            var separator = lines[i].IndexOf(' ', StringComparison.Ordinal);
            Assert.Equal(topic, lines[i][..separator]);
            Assert.Equal(payloads[i], Convert.FromHexString(lines[i][(separator + 1)..]));
        }
    }

    /// <summary>Every byte value, then bytes that are not valid UTF-8.</summary>
    private static byte[] BinaryPayload() =>
        [.. Enumerable.Range(0, 256).Select(i => (byte)i), 0xC3, 0x28, 0xFF, 0xFE, 0x00, 0x0A, 0x0D];

    private async Task MosquittoPubAsync(string topic, string[] source, string? standardInput, CancellationToken ct)
    {
        string[] arguments =
        [
            "-h", _fixture.Broker.Host, "-p", _fixture.Broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-u", "bob", "-P", MosquittoFixture.PasswordOf("bob"), "-V", "mqttv311",
            "-i", MosquittoFixture.NewClientId(), "-q", "1", "-t", topic, .. source,
        ];
        (await ExternalProcess.RunAsync("mosquitto_pub", arguments, Bound, standardInput, ct)).EnsureSuccess("mosquitto_pub");
    }

    private async Task<string> MosquittoSubAsync(string clientId, string topic, string[] extra, CancellationToken ct)
    {
        string[] arguments =
        [
            "-h", _fixture.Broker.Host, "-p", _fixture.Broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-u", "alice", "-P", MosquittoFixture.PasswordOf("alice"), "-V", "mqttv311",
            "-i", clientId, "-c", "-q", "1", "-t", topic, .. extra,
        ];
        return (await ExternalProcess.RunAsync("mosquitto_sub", arguments, Bound, cancellationToken: ct))
            .EnsureSuccess("mosquitto_sub").StandardOutput;
    }
}
