using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Numerics;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Observability;

/// <summary>
/// Listens (<see cref="MeterListener"/>) to the instruments of the configured meters and keeps
/// their running values, so <c>/metrics</c> and the InfluxDB copy read the same figures. The
/// OpenTelemetry and Prometheus exporters are absent from this machine's registry; this is the
/// small part of them the hub needs.
/// </summary>
/// <remarks>
/// Meters made through an <see cref="IMeterFactory"/> are taken only from this host's factory, so
/// two hubs in one process (tests) do not count each other's work. Meters made without one (the
/// MQTT client's static meter, the runtime's) are process-wide.
/// </remarks>
public sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentAggregator> _instruments = new();
    private readonly Lock _collecting = new();
    private readonly IMeterFactory _meterFactory;
    private readonly string[] _meters;

    public MetricsCollector(IMeterFactory meterFactory, IOptions<MetricsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _meterFactory = meterFactory;
        _meters = options.Value.Meters.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentAggregator? _),
        };
        _listener.SetMeasurementEventCallback<byte>(OnMeasurement);
        _listener.SetMeasurementEventCallback<short>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<float>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<decimal>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Reads the observable instruments, then returns every instrument's series, ordered by meter and name.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_collecting)
        {
            foreach (var aggregator in _instruments.Values.Where(a => a.Instrument.IsObservable))
            {
                aggregator.ClearObservations();
            }

            _listener.RecordObservableInstruments();
            return [.. _instruments.Values
                .Select(a => a.Snapshot())
                .OrderBy(f => f.MeterName, StringComparer.Ordinal)
                .ThenBy(f => f.InstrumentName, StringComparer.Ordinal)];
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Whether a meter's instruments are taken: its name is listed (or under a listed prefix ending in '.'), and it is process-wide or this host's.</summary>
    internal static bool IsWanted(Meter meter, IReadOnlyList<string> meters, IMeterFactory factory) =>
        (meter.Scope is null || ReferenceEquals(meter.Scope, factory))
        && meters.Any(m => m.EndsWith('.') ? meter.Name.StartsWith(m, StringComparison.Ordinal) : meter.Name == m);

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!IsWanted(instrument.Meter, _meters, _meterFactory))
        {
            return;
        }

        var aggregator = _instruments.GetOrAdd(instrument, i => new InstrumentAggregator(i));
        listener.EnableMeasurementEvents(instrument, aggregator);
    }

    private static void OnMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct, INumberBase<T>
    {
        if (state is InstrumentAggregator aggregator)
        {
            aggregator.Record(double.CreateSaturating(value), tags);
        }
    }
}
