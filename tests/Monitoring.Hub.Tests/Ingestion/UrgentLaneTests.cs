using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// An urgent reading overtakes the backlog inside the hub: devices publish on the real broker, the
/// alarm hand-off is held while a backlog builds, and the order in which readings then reach the
/// engine is what is checked (never how long anything took).
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class UrgentLaneTests(UrgentLaneTests.Fixture fixture) : IClassFixture<UrgentLaneTests.Fixture>
{
    public sealed class Fixture : IngestionFixture
    {
        public OrderRecordingObserver Observer { get; } = new();

        protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IReadingObserver>(Observer);
    }

    private const int Backlog = 20;

    // A week ago: inside the 30 days the test devices have been assigned.
    private static readonly DateTimeOffset Bt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(-7).ToUnixTimeSeconds());

    [Fact]
    public async Task ADesaturationReachesTheAlarmEngineAheadOfOtherPatientsBacklogAndItsOwnPatientsOrderIsKept()
    {
        var ct = TestContext.Current.CancellationToken;
        var blocker = await fixture.AssignedDeviceAsync();
        var bulk = await fixture.AssignedDeviceAsync();
        var urgent = await fixture.AssignedDeviceAsync();
        var observer = fixture.Observer;
        var lanes = fixture.Factory.Services.GetRequiredService<IngestionQueue>().Lanes;
        observer.Hold(blocker.Id);
        await using var blockerPublisher = await fixture.PublisherAsync(blocker);
        await using var bulkPublisher = await fixture.PublisherAsync(bulk);
        await using var urgentPublisher = await fixture.PublisherAsync(urgent);

        // The hand-off is held on the blocker's reading: what arrives next waits in the hub.
        await blockerPublisher.TelemetryAsync(blocker.Id, Spo2(97, 0));
        await BoundedWait.ForAsync(observer.SeenAsync(blocker.Id), TimeSpan.FromSeconds(30), "the blocker's hand-off", ct);
        for (var i = 0; i < Backlog; i++)
        {
            await bulkPublisher.TelemetryAsync(bulk.Id, Spo2(97, i + 1));
        }

        // The urgent patient's normal reading first, then its desaturation.
        await urgentPublisher.TelemetryAsync(urgent.Id, Spo2(96, 1));
        await urgentPublisher.TelemetryAsync(urgent.Id, Spo2(88, 2));
        await BoundedWait.UntilAsync(() => lanes.Count >= Backlog + 2, TimeSpan.FromSeconds(30),
            () => $"{lanes.Count} of {Backlog + 2} messages waiting in the hub", ct);

        observer.Release(blocker.Id);
        await BoundedWait.UntilAsync(() => observer.Order.Count(r => r.DeviceId == bulk.Id) == Backlog, TimeSpan.FromSeconds(30),
            () => $"{observer.Order.Count(r => r.DeviceId == bulk.Id)} of {Backlog} backlog readings handed over", ct);

        var order = observer.Order.Skip(1).ToList();
        Assert.Equal(new[] { (urgent.Id, 96d), (urgent.Id, 88d) }, order.Take(2));
        Assert.Equal(Enumerable.Range(0, Backlog).Select(_ => (bulk.Id, 97d)), order.Skip(2));
    }

    private static string Spo2(double value, int second) => string.Create(CultureInfo.InvariantCulture,
        $$"""[{"n":"spo2","u":"%","v":{{value}},"t":{{Bt.AddSeconds(second).ToUnixTimeSeconds()}}}]""");
}
