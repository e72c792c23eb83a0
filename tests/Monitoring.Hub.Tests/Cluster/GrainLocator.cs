using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Tests.Infrastructure;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Monitoring.Hub.Tests.Cluster;

/// <summary>
/// An Orleans client of the hubs' cluster (through their gateways, found in the Redis membership
/// table), asking Orleans' management grain which silo holds a patient's grain: the tests' proof
/// that an alarm crossed hubs, not an assumption about placement.
/// </summary>
public sealed class GrainLocator : IAsyncDisposable
{
    private readonly IHost _host;

    private GrainLocator(IHost host) => _host = host;

    public static async Task<GrainLocator> ConnectAsync(HubCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(HubCluster.RedisConfiguration));
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ClusterId));
                // A dead or frozen hub's gateway is dropped within a second, and a call through it gives up in a few.
                client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(3));
            })
            .Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new GrainLocator(host);
    }

    /// <summary>
    /// The hub whose silo holds the patient's grain now, or null when it is not active anywhere. Asked
    /// again (bounded) while the question itself lands on a hub that just died.
    /// </summary>
    public async Task<HubProcess?> HostOfAsync(HubCluster cluster, Guid patientId)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var client = _host.Services.GetRequiredService<IClusterClient>();
        var grain = client.GetGrain<IPatientAlarmGrain>(patientId);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var silo = await client.GetGrain<IManagementGrain>(0).GetActivationAddress((IAddressable)grain);
                return silo is null ? null : cluster.Hubs.SingleOrDefault(h => h.SiloPort == silo.Endpoint.Port);
            }
            catch (Exception ex) when (attempt < 20 && ex is TimeoutException or OrleansException)
            {
                await Task.Delay(500);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
