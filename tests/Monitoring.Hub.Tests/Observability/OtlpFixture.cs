using System.Globalization;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Observability;

/// <summary>A hub whose OTLP export (http/protobuf) is switched on, pointed at a collector of the test's own.</summary>
public sealed class OtlpFixture : HubFixture, IAsyncLifetime
{
    public OtlpCollector Collector { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Metrics:OtlpEndpoint"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Collector.Port}"),
        ["Metrics:OtlpProtocol"] = "http/protobuf",
    };

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Collector.DisposeAsync();
    }
}
