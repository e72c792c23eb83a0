using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Health;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task LiveAnswers200()
    {
        await using var factory = new HubFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ReadyAnswers200WhenPostgresInfluxAndBrokerAllAnswer()
    {
        await using var factory = new HubFactory();
        using var client = factory.CreateClient();

        var (status, checks) = await GetReadyAsync(client);

        Assert.True(status == HttpStatusCode.OK, $"ready answered {status}: {checks}");
        foreach (var name in new[] { "postgres", "influxdb", "broker" })
        {
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        }
    }

    [Theory]
    [InlineData("influxdb")]
    [InlineData("postgres")]
    [InlineData("broker")]
    public async Task ReadyAnswers503NamingTheServiceThatDoesNotAnswer(string dead)
    {
        var port = FreePort.Find();
        var overrides = dead switch
        {
            "influxdb" => new Dictionary<string, string?> { ["Influx:Url"] = $"http://127.0.0.1:{port}" },
            "postgres" => new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = $"Host=127.0.0.1;Port={port};Username=monitoring;Database=monitoring;Timeout=2",
            },
            _ => new Dictionary<string, string?> { ["Mqtt:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        await using var factory = new HubFactory(overrides);
        using var client = factory.CreateClient();

        var (status, checks) = await GetReadyAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", checks.GetProperty(dead).GetProperty("status").GetString());
        foreach (var other in new[] { "postgres", "influxdb", "broker" }.Where(n => n != dead))
        {
            Assert.Equal("Healthy", checks.GetProperty(other).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task BrokerRefusingTheHubsPasswordIsReportedAsRefusal()
    {
        await using var factory = new HubFactory(new Dictionary<string, string?> { ["Mqtt:Password"] = "wrong-password" });
        using var client = factory.CreateClient();

        var (status, checks) = await GetReadyAsync(client);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var description = checks.GetProperty("broker").GetProperty("description").GetString();
        Assert.Contains("refused", description, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Influx:Url", "not-a-url", "Influx:Url")]
    [InlineData("Mqtt:Port", "70000", "Mqtt:Port")]
    [InlineData("Database:ConnectionString", "", "Database:ConnectionString")]
    public async Task BadConfigurationStopsTheHubAtStartWithAMessageNamingTheKey(string key, string value, string named)
    {
        await using var factory = new HubFactory(new Dictionary<string, string?> { [key] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
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
