using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Monitoring.Hub.Tests.Observability;

/// <summary>Metrics:OtlpEndpoint switches the OTLP export on: the hub's spans reach the collector.</summary>
public sealed class OtlpExportTests(OtlpFixture hub) : IClassFixture<OtlpFixture>
{
    [Fact]
    public async Task ARequestsSpanIsPostedToTheConfiguredCollector()
    {
        Assert.NotNull(hub.Factory.Services.GetService<TracerProvider>());
        using var client = hub.Anonymous();
        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken);

        var waited = Stopwatch.StartNew();
        while (!hub.Collector.Received.Any(r => r.Path == "/v1/traces" && Encoding.UTF8.GetString(r.Body).Contains("/health/live", StringComparison.Ordinal)))
        {
            // The exporter sends in batches, every 5 s by default.
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"no span reached the collector; it received: {string.Join(", ", hub.Collector.Received.Select(r => $"{r.Path} ({r.Body.Length} bytes)"))}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task WithoutAnEndpointNoTraceIsRecorded()
    {
        await using var plain = new Infrastructure.HubFactory(new Dictionary<string, string?> { ["Database:ConnectionString"] = hub.Database.ConnectionString });

        Assert.Null(plain.Services.GetService<TracerProvider>());
    }
}
