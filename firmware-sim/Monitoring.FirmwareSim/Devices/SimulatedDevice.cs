using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.FirmwareSim.Engine;
using Monitoring.FirmwareSim.Physiology;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Devices;

/// <summary>
/// One device on one patient: samples the patient's physiology on its schedule, publishes a SenML
/// pack per sample while connected, buffers while its connectivity is down, and on reconnect
/// uploads the backlog as one pack (base time + relative times).
/// </summary>
public sealed class SimulatedDevice : ISimulationActor
{
    private readonly IDeviceLink _link;
    private readonly PatientPhysiology _physiology;
    private readonly BatteryModel _battery;
    private readonly ConnectivityModel _connectivity;
    private readonly TimeMapping _mapping;
    private readonly StoreAndForwardBuffer _buffer;
    private DateTimeOffset _nextSampleWall;
    private DateTimeOffset _nextSampleStory;
    private DateTimeOffset _nextChangeStory = DateTimeOffset.MaxValue;
    private DateTimeOffset _nextChangeWall = DateTimeOffset.MaxValue;
    private bool _online;
    private long _samples;

    public SimulatedDevice(
        DeviceSettings settings,
        IDeviceLink link,
        PatientPhysiology physiology,
        BatteryModel battery,
        ConnectivityModel connectivity,
        TimeMapping mapping,
        SimInstant firstSample,
        StoreAndForwardBuffer? buffer = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(physiology);
        ArgumentNullException.ThrowIfNull(battery);
        ArgumentNullException.ThrowIfNull(connectivity);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.Every, TimeSpan.Zero);
        Settings = settings;
        _link = link;
        _physiology = physiology;
        _battery = battery;
        _connectivity = connectivity;
        _mapping = mapping;
        _buffer = buffer ?? new StoreAndForwardBuffer();
        _nextSampleWall = firstSample.Wall;
        _nextSampleStory = firstSample.Story;
    }

    public DeviceSettings Settings { get; }

    public string Id => Settings.Id;

    public DeviceKind Kind => Settings.Kind;

    public BatteryModel Battery => _battery;

    public ConnectivityModel Connectivity => _connectivity;

    public DeviceStats Stats { get; } = new();

    public bool IsOnline => _online;

    public DateTimeOffset NextDue
    {
        get
        {
            var sample = Settings.EveryOnStoryClock ? _mapping.WallAt(_nextSampleStory) : _nextSampleWall;
            return sample < _nextChangeWall ? sample : _nextChangeWall;
        }
    }

    public async Task StartAsync(SimInstant now, CancellationToken cancellationToken)
    {
        _online = _connectivity.IsOnline(now.Story);
        if (_online)
        {
            await _link.ConnectAsync(now, cancellationToken);
        }

        ScheduleConnectivityChange(now.Story);
    }

    public async Task ActAsync(SimInstant now, CancellationToken cancellationToken)
    {
        if (now.Wall >= _nextChangeWall)
        {
            // Evaluate at the change itself: the clocks' rounding may put `now` a tick before it.
            var story = now.Story > _nextChangeStory ? now.Story : _nextChangeStory;
            await UpdateConnectivityAsync(now with { Story = story }, cancellationToken);
        }

        if (Settings.EveryOnStoryClock ? now.Wall >= _mapping.WallAt(_nextSampleStory) : now.Wall >= _nextSampleWall)
        {
            await SampleAsync(now, cancellationToken);
            if (Settings.EveryOnStoryClock)
            {
                do
                {
                    _nextSampleStory += Settings.Every;
                }
                while (_mapping.WallAt(_nextSampleStory) <= now.Wall);
            }
            else
            {
                do
                {
                    _nextSampleWall += Settings.Every;
                }
                while (_nextSampleWall <= now.Wall);
            }
        }
    }

    /// <summary>A button press or a reported test: published now, or kept with the backlog while offline.</summary>
    public async Task ReportAsync(DeviceEvent deviceEvent, SimInstant now, CancellationToken cancellationToken)
    {
        Stats.Events++;
        if (!_online)
        {
            _buffer.Add(deviceEvent);
            return;
        }

        await PublishAsync(DeviceTopicKind.Events, SenmlWriter.ToUtf8Bytes(SenmlPacks.Events(Id, [deviceEvent])), now, cancellationToken);
    }

    /// <summary>Ends the device's run: with <paramref name="flush"/> an offline device reconnects to upload its backlog first.</summary>
    public async Task StopAsync(SimInstant now, bool flush, CancellationToken cancellationToken)
    {
        if (flush && !_online && (_buffer.Count > 0 || _buffer.EventCount > 0))
        {
            _online = true;
            await _link.ConnectAsync(now, cancellationToken);
            await UploadBacklogAsync(now, cancellationToken);
        }

        _online = false;
        await _link.DisconnectAsync(now, cancellationToken);
    }

    private async Task UpdateConnectivityAsync(SimInstant now, CancellationToken cancellationToken)
    {
        var online = _connectivity.IsOnline(now.Story);
        if (online != _online)
        {
            _online = online;
            if (online)
            {
                await _link.ConnectAsync(now, cancellationToken);
                await UploadBacklogAsync(now, cancellationToken);
            }
            else
            {
                Stats.Outages++;
                await _link.DisconnectAsync(now, cancellationToken);
            }
        }

        ScheduleConnectivityChange(now.Story);
    }

    private void ScheduleConnectivityChange(DateTimeOffset story)
    {
        _nextChangeStory = _connectivity.NextChangeAfter(story);
        _nextChangeWall = _nextChangeStory == DateTimeOffset.MaxValue ? DateTimeOffset.MaxValue : _mapping.WallAt(_nextChangeStory);
    }

    private async Task UploadBacklogAsync(SimInstant now, CancellationToken cancellationToken)
    {
        var count = _buffer.Count;
        if (_buffer.DrainTelemetry(Id) is { } telemetry)
        {
            Stats.Batches++;
            Stats.LargestBatch = Math.Max(Stats.LargestBatch, count);
            await PublishAsync(DeviceTopicKind.Telemetry, telemetry, now, cancellationToken);
        }

        if (_buffer.DrainEvents(Id) is { } events)
        {
            await PublishAsync(DeviceTopicKind.Events, events, now, cancellationToken);
        }
    }

    private async Task SampleAsync(SimInstant now, CancellationToken cancellationToken)
    {
        var battery = _battery.LevelAt(now.Story);
        if (battery <= 0)
        {
            return; // a flat battery: the device is off
        }

        var vitals = _physiology.Sample(now);
        var readings = Measure(vitals, now.Wall);
        if (Kind == DeviceKind.Thermometer || _samples % Settings.BatteryEvery == 0)
        {
            readings.Add(new Reading(MetricNames.Battery, Math.Round(battery), now.Wall));
        }

        _samples++;
        Stats.Readings += readings.Count;
        if (_online)
        {
            await PublishAsync(DeviceTopicKind.Telemetry, SenmlWriter.ToUtf8Bytes(SenmlPacks.Telemetry(Id, readings)), now, cancellationToken);
        }
        else
        {
            Stats.Buffered += readings.Count;
            _buffer.AddRange(readings);
        }
    }

    private List<Reading> Measure(VitalSigns vitals, DateTimeOffset time) => Kind switch
    {
        // Finger oximeters show whole percent and beats; the perfusion index to a tenth.
        DeviceKind.Oximeter =>
        [
            new(MetricNames.Spo2, Math.Round(vitals.Spo2), time),
            new(MetricNames.PulseRate, Math.Round(vitals.Pulse), time),
            new(MetricNames.PerfusionIndex, Math.Round(vitals.Perfusion, 1), time),
        ],
        DeviceKind.Thermometer => [new(MetricNames.Temperature, Math.Round(vitals.Temperature, 1), time)],
        _ =>
        [
            new(MetricNames.PulseRate, Math.Round(vitals.Pulse), time),
            new(MetricNames.RespiratoryRate, Math.Round(vitals.Respiratory), time),
        ],
    };

    private async Task PublishAsync(DeviceTopicKind kind, byte[] payload, SimInstant now, CancellationToken cancellationToken)
    {
        Stats.Messages++;
        await _link.PublishAsync(kind, payload, now, cancellationToken);
    }
}
