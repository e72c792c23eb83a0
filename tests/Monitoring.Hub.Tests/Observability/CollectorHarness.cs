using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Observability;

namespace Monitoring.Hub.Tests.Observability;

/// <summary>A collector listening to one meter of its own (a unique name), made through a real <see cref="IMeterFactory"/>.</summary>
internal sealed class CollectorHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public CollectorHarness()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        Factory = _services.GetRequiredService<IMeterFactory>();
        MeterName = $"Test.Exposition.{Guid.NewGuid():N}";
        Meter = Factory.Create(MeterName);
        Collector = new MetricsCollector(Factory, Options.Create(new MetricsOptions { Meters = MeterName }));
    }

    public IMeterFactory Factory { get; }

    public string MeterName { get; }

    public Meter Meter { get; }

    public MetricsCollector Collector { get; }

    public string Exposition() => PrometheusText.Write(Collector.Collect());

    public void Dispose()
    {
        Collector.Dispose();
        _services.Dispose();
    }
}
