using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Tests.Cluster;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Redis;

/// <summary>
/// <c>Redis:Configuration</c> on one in-process hub against the test stack's real Redis: the SignalR
/// backplane carries its events with the contract's names, readiness reports Redis, and a
/// configuration that cannot work stops the hub at start.
/// </summary>
public sealed class RedisSetupTests
{
    private static Dictionary<string, string?> WithRedis(string configuration) => new()
    {
        ["Redis:Configuration"] = configuration,
        ["Redis:ChannelPrefix"] = $"t{HubFixture.Unique()}",
    };

    [Fact]
    public async Task WithRedisTheHubIsReadyAndItsWallGetsTheSnapshotUnderItsContractNameThroughTheBackplane()
    {
        await using var factory = new HubFactory(WithRedis(HubCluster.RedisConfiguration));
        using var client = factory.CreateClient();

        var (status, checks) = await GetReadyAsync(client);
        Assert.True(status == HttpStatusCode.OK, $"ready answered {status}: {checks}");
        Assert.Equal("Healthy", checks.GetProperty("redis").GetProperty("status").GetString());

        using (var login = await client.PostJsonAsync("/api/auth/login", new { username = HubFactory.AdminUsername, password = HubFactory.AdminPassword }))
        {
            var token = (await login.ReadJsonAsync()).GetProperty("token").GetString()!;
            await using var wall = await SignalRTestClient.ConnectAsync(factory, token, "admin");
            // "snapshot", not "Snapshot": the backplane serializes with the hub's own camelCase protocol.
            Assert.Equal(JsonValueKind.Array, (await wall.WaitForAsync("snapshot")).GetProperty("alarms").ValueKind);
        }
    }

    [Fact]
    public async Task ARedisRefusingTheHubsPasswordMakesTheHubNotReadyNamingRedis()
    {
        var refused = HubCluster.RedisConfiguration.Replace("password=", "password=wrong-", StringComparison.Ordinal);
        await using var factory = new HubFactory(WithRedis(refused));
        using var client = factory.CreateClient();

        var (status, checks) = await GetReadyAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", checks.GetProperty("redis").GetProperty("status").GetString());
        Assert.DoesNotContain("wrong-", checks.GetProperty("redis").GetProperty("description").GetString() ?? "", StringComparison.Ordinal);
        Assert.Equal("Healthy", checks.GetProperty("postgres").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ARedisConfigurationThatIsNotAConnectionStringStopsTheHubAtStart()
    {
        await using var factory = new HubFactory(WithRedis("127.0.0.1:6379,nosuchkeyword=1"));

        var ex = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Redis:Configuration", ex.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task OrleansRedisClusteringWithoutRedisStopsTheHubAtStart()
    {
        await using var factory = new HubFactory(new Dictionary<string, string?>
        {
            ["Orleans:Membership"] = "Redis",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Orleans:Membership=Redis needs Redis:Configuration", ex.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Checks)> GetReadyAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(body);
        return (response.StatusCode, document.RootElement.GetProperty("checks").Clone());
    }
}
