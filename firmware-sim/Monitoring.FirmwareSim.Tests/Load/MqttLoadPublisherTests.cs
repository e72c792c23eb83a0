using System.Globalization;
using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Load;
using Monitoring.FirmwareSim.Tests.Support;

namespace Monitoring.FirmwareSim.Tests.Load;

/// <summary>Load mode over real MQTTnet connections to the Mosquitto of scripts/services.sh.</summary>
public sealed class MqttLoadPublisherTests
{
    [Fact]
    public async Task ARunOverSeveralConnectionsHasEveryMessageAcknowledgedAndDeliveredInSequence()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = $"simtest{DateTimeOffset.UtcNow:HHmmssfff}";
        await using var watcher = await TestBroker.WatchAsync($"rpm/v1/devices/+/telemetry", ct);
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var options = new LoadOptions
        {
            Mqtt = TestBroker.Endpoint,
            Username = "admin",
            Password = TestBroker.AdminPassword,
            Devices = 12,
            Connections = 3,
            Rate = 300,
            Duration = TimeSpan.FromSeconds(1),
            DevicePrefix = prefix,
            MaxPending = 50,
        };

        var exit = await new LoadRunner(options, output, TimeProvider.System).RunAsync(ct);

        Assert.True(exit == 0, output.ToString());
        var summary = output.ToString().Split('\n').Single(l => l.StartsWith("load: sent", StringComparison.Ordinal));
        var acked = Count(summary, "acknowledged");
        Assert.Equal(0, Count(summary, "failed"));
        Assert.True(acked > 0, summary);

        // Every acknowledged message reaches a subscriber once, each device's in its own order (QoS 1 over one connection, MQTT 5.0 §4.6).
        var received = new Dictionary<string, List<long>>();
        for (var i = 0; i < acked; i++)
        {
            var (topic, payload, _) = await watcher.NextAsync();
            if (!topic.StartsWith($"rpm/v1/devices/{prefix}-", StringComparison.Ordinal))
            {
                i--;
                continue; // another suite's traffic on the shared broker
            }

            Assert.True(LoadPayload.TryReadSequence(System.Text.Encoding.UTF8.GetBytes(payload), out var sequence));
            (received.TryGetValue(topic, out var list) ? list : received[topic] = []).Add(sequence);
        }

        Assert.Equal(12, received.Count);
        Assert.All(received.Values, sequences => Assert.Equal(Enumerable.Range(1, sequences.Count).Select(n => (long)n), sequences));
    }

    [Fact]
    public async Task AnAccountThatMayNotPublishOnDeviceTopicsHasEveryMessageCountedAsFailed()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var options = new LoadOptions
        {
            Mqtt = TestBroker.Endpoint,
            Username = "hub",
            Password = TestBroker.HubPassword,
            Devices = 2,
            Connections = 1,
            Rate = 20,
            Duration = TimeSpan.FromMilliseconds(500),
            DevicePrefix = $"simtest{DateTimeOffset.UtcNow:HHmmssfff}",
        };

        var exit = await new LoadRunner(options, output, TimeProvider.System).RunAsync(TestContext.Current.CancellationToken);

        var summary = output.ToString().Split('\n').Single(l => l.StartsWith("load: sent", StringComparison.Ordinal));
        Assert.Equal(1, exit);
        Assert.Equal(Count(summary, "sent"), Count(summary, "failed"));
        Assert.True(Count(summary, "sent") > 0, summary);
        Assert.Equal(0, Count(summary, "acknowledged"));
        Assert.Contains($"load: first failure: the broker refused the message on rpm/v1/devices/{options.DevicePrefix}-", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(": NotAuthorized", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongPasswordStopsTheRunWithTheBrokersReasonCode()
    {
        var options = new LoadOptions
        {
            Mqtt = TestBroker.Endpoint,
            Username = "admin",
            Password = "not-the-password",
            Devices = 1,
            Connections = 1,
        };

        var refused = await Assert.ThrowsAsync<MqttRefusedException>(
            () => new LoadRunner(options, TextWriter.Null, TimeProvider.System).RunAsync(TestContext.Current.CancellationToken));

        Assert.Equal("NotAuthorized", refused.ReasonCode);
    }

    /// <summary>The number after <paramref name="word"/> in the summary line ("load: sent N, acknowledged N, failed N in ...").</summary>
    private static long Count(string summary, string word) =>
        long.Parse(summary.Split($"{word} ")[1].Split(' ', ',')[0], CultureInfo.InvariantCulture);
}
