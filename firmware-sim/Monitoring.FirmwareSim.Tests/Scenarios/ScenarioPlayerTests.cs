using System.Text;
using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Scenarios;
using Monitoring.FirmwareSim.Tests.Support;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Tests.Scenarios;

public sealed class ScenarioPlayerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(ScenarioParserTests.ShippedScenarios), MemberType = typeof(ScenarioParserTests))]
    public async Task EveryShippedScenarioPlaysDryAndPublishesOnlyValidSenml(string file)
    {
        var (scenario, links, _) = await PlayAsync(file);

        var messages = links.Values.SelectMany(l => l.Sent.Select(m => (l.DeviceId, Message: m))).ToList();
        Assert.Contains(messages, m => m.Message.Kind == DeviceTopicKind.Telemetry);
        foreach (var (deviceId, message) in messages.Where(m => m.Message.Kind != DeviceTopicKind.Status))
        {
            Senml.ParseValid(message.Payload, deviceId, message.Kind, message.At.Wall);
        }

        Assert.All(links.Values, l => Assert.Equal("offline", l.Sent[^1].Text));
        Assert.All(messages, m => Assert.InRange(m.Message.At.Wall, Start, Start + TimeSpan.FromTicks((long)(scenario.Duration.Ticks / scenario.TimeScale))));
    }

    [Fact]
    public async Task SilentHypoxiaEndsWellBelow93WithoutADyspneaEvent()
    {
        var (_, links, _) = await PlayAsync("silent-hypoxia.json");

        var spo2 = Values(links[DeviceKind.Oximeter], MetricNames.Spo2);
        Assert.True(spo2.Take(10).Average() > 94);
        Assert.True(spo2.TakeLast(10).Average() < 90);
        Assert.DoesNotContain(links.Values.SelectMany(l => l.Sent), m => m.Kind == DeviceTopicKind.Events);
    }

    [Fact]
    public async Task TheFeverPlateauKeepsTheThermometerAbove38Point5OnEveryDayForMoreThan72Hours()
    {
        var (_, links, mapping) = await PlayAsync("fever-plateau-4-days.json");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

        // In story time: each message's story instant, and its temperature.
        var readings = links[DeviceKind.Thermometer].Sent
            .Where(m => m.Kind == DeviceTopicKind.Telemetry)
            .Select(m => (Story: m.At.Story, Celsius: Parse(m).Single(r => r.Name == MetricNames.Temperature).Value))
            .ToList();
        var febrile = readings.Where(r => r.Celsius > 38.5).ToList();
        Assert.True(febrile[^1].Story - febrile[0].Story > TimeSpan.FromHours(72));
        var days = febrile.Select(r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.Story, zone).DateTime)).Distinct().ToList();
        Assert.Equal(days.Count, days[^1].DayNumber - days[0].DayNumber + 1);
        Assert.True(mapping.TimeScale >= 1000);
    }

    [Fact]
    public async Task TheDropoutUploadsItsBacklogAsOneBatch()
    {
        var (_, links, _) = await PlayAsync("device-dropout.json");

        var oximeter = links[DeviceKind.Oximeter].Sent;
        var batches = oximeter.Where(m => m.Kind == DeviceTopicKind.Telemetry && Parse(m).Count > 10).ToList();
        var batch = Assert.Single(batches);
        var readings = Parse(batch);
        var times = readings.Select(r => r.Time).Distinct().Order().ToList();

        // 20 story minutes at 10x: two real minutes of 5-second samples, with their own times, and the desaturation inside.
        Assert.Equal(24, times.Count);
        Assert.Equal(Start + TimeSpan.FromMinutes(2), times[0]);
        Assert.Contains(readings, r => r.Name == MetricNames.Spo2 && r.Value < 93);
        Assert.Equal(batch.At.Wall, Start + TimeSpan.FromMinutes(4));
    }

    [Fact]
    public async Task TheChildScenarioReportsAChildWarningFromTheWearable()
    {
        var (_, links, _) = await PlayAsync("child-warning-signs.json");

        var events = links[DeviceKind.Wearable].Sent.Where(m => m.Kind == DeviceTopicKind.Events).ToList();
        var warning = Parse(Assert.Single(events)).Single();
        Assert.Equal(("symptom", "child_warning"), (warning.Name, warning.Text));
        Assert.Contains(Values(links[DeviceKind.Thermometer], MetricNames.Temperature), t => t > 38.5);
    }

    private static async Task<(Scenario Scenario, Dictionary<DeviceKind, RecordingDeviceLink> Links, TimeMapping Mapping)> PlayAsync(string file)
    {
        var scenario = ScenarioParser.ParseFile(Path.Combine(RepositoryPaths.Scenarios, file));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(scenario.Clinic.TimeZone);
        var mapping = new TimeMapping(Start, scenario.TimeScale);
        var ids = scenario.Devices.ToDictionary(d => d.Kind, d => $"t-{DeviceKinds.IdCode(d.Kind)}");
        var links = new Dictionary<string, RecordingDeviceLink>();
        var player = new ScenarioPlayer(scenario, TextWriter.Null, TimeProvider.System);
        var simulation = player.Build(mapping, zone, ids, (id, _) => links[id] = new RecordingDeviceLink(id), log: null);

        await simulation.RunAsync(SimulationClock.Instant(Start), mapping.WallAt(Start + scenario.Duration), CancellationToken.None);
        return (scenario, ids.ToDictionary(p => p.Key, p => links[p.Value]), mapping);
    }

    private static List<SenmlReading> Parse(SentMessage message)
    {
        var id = Encoding.UTF8.GetString(message.Payload).Split("urn:dev:id:")[1].Split(':')[0];
        return Senml.ParseValid(message.Payload, id, message.Kind, message.At.Wall);
    }

    private static List<double> Values(RecordingDeviceLink link, string metric) =>
        [.. link.Sent.Where(m => m.Kind == DeviceTopicKind.Telemetry).SelectMany(Parse).Where(r => r.Name == metric).Select(r => r.Value)];
}
