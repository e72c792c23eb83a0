using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Influx;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>A hub on its own InfluxDB database (created with the hub's retention policy), for the temperature source.</summary>
public sealed class InfluxReadingsFixture : HubFixture, IAsyncLifetime
{
    public InfluxTestDatabase Influx { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Influx:Database"] = Influx.Name,
    };

    public new async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Factory.Services.GetRequiredService<InfluxSchema>().EnsureAsync(TestContext.Current.CancellationToken);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Influx.DisposeAsync();
    }
}
