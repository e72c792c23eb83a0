using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Load;
using Monitoring.FirmwareSim.Tests.Support;

namespace Monitoring.FirmwareSim.Tests.Load;

public sealed class LoadPayloadTests
{
    [Fact]
    public void APayloadCarriesSpo2AndPulseForTheHubAndASequenceForTheBenchmark()
    {
        var at = new DateTimeOffset(2026, 1, 10, 8, 30, 15, 250, TimeSpan.Zero);

        var payload = LoadPayload.Build("load-00042", 123456789, at, 96, 81);

        var readings = Senml.ParseValid(payload, "load-00042", DeviceTopicKind.Telemetry, at);
        Assert.Equal([(MetricNames.Spo2, 96.0, at), (MetricNames.PulseRate, 81.0, at)], readings.Select(r => (r.Name, r.Value, r.Time)));
        Assert.True(LoadPayload.TryReadSequence(payload, out var sequence));
        Assert.Equal(123456789, sequence);
        Assert.StartsWith("[{\"seq\":123456789,\"bn\":\"urn:dev:id:load-00042:\"", System.Text.Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }

    [Fact]
    public void InjectionOffsetsCombineFixedTimesAndAPeriod()
    {
        var offsets = LoadRunner.InjectionOffsets(new LoadOptions
        {
            Mqtt = new("h", 1),
            Username = "u",
            Password = "p",
            Duration = TimeSpan.FromSeconds(60),
            DesaturationAt = [TimeSpan.FromSeconds(5)],
            DesaturationEvery = TimeSpan.FromSeconds(20),
        });

        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40)], offsets);
    }
}
