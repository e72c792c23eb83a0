using Monitoring.Hub.Tests.Ingestion;

namespace Monitoring.Hub.Tests.Observability;

/// <summary>An ingesting hub whose metric writes to InfluxDB (an hour apart) and census counts (never) are left to the tests.</summary>
public sealed class MetricsFixture : IngestionFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Metrics:InfluxInterval"] = "01:00:00",
        ["Metrics:CensusInterval"] = "00:00:00",
        ["Metrics:AllowedNetworks"] = "127.0.0.1/32,::1/128",
    };
}
