using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Alarms;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// The one ordered sink of everything pushed on <c>/hubs/alarms</c>: alarm events from the alarm
/// worker (after they are committed), throttled vitals, and each new connection's snapshot.
/// </summary>
/// <remarks>
/// <para>
/// A single loop owns its view of the open alarms and the latest vitals, so a snapshot and the
/// events after it cannot disagree: a new connection gets its snapshot from this loop and only
/// then joins its group, so every later event reaches it after the snapshot and none is missed.
/// </para>
/// <para>
/// Sends are handed to SignalR and not awaited one by one: SignalR writes each connection's
/// messages in order, so a slow dashboard delays only itself. At most
/// <see cref="RealtimeOptions.MaxPendingSends"/> sends may be outstanding before the loop waits.
/// </para>
/// </remarks>
public sealed partial class RealtimePublisher : BackgroundService
{
    private readonly IHubContext<AlarmHub, IAlarmClient> _hub;
    private readonly IRealtimeRelay _relay;
    private readonly TimeProvider _time;
    private readonly AlarmMetrics _metrics;
    private readonly ILogger<RealtimePublisher> _logger;
    private readonly RealtimeOptions _options;
    private readonly Channel<Item> _items;
    private readonly Dictionary<Guid, AlarmResponse> _open = [];
    private readonly Dictionary<Guid, DateTimeOffset> _relayedResolved = [];
    private readonly Dictionary<Guid, PatientVitals> _vitals = [];
    private readonly HashSet<Guid> _pendingVitals = [];
    private readonly List<ConnectedItem> _waitingForAlarms = [];
    private readonly Queue<Task> _sending = new();
    private readonly int _recentPerPatient;
    private readonly long _historyEvery;
    private bool _initialized;

    public RealtimePublisher(
        IHubContext<AlarmHub, IAlarmClient> hub,
        IRealtimeRelay relay,
        TimeProvider time,
        AlarmMetrics metrics,
        IOptions<RealtimeOptions> options,
        ILogger<RealtimePublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _hub = hub;
        _relay = relay;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _options = options.Value;
        var historyEvery = _options.SnapshotVitalsEvery > _options.VitalsInterval ? _options.SnapshotVitalsEvery : _options.VitalsInterval;
        _recentPerPatient = Math.Max(1, (int)Math.Ceiling(_options.SnapshotVitalsWindow / historyEvery));
        // Timestamps (TimeProvider.GetTimestamp) per history sample; a little under the period so timer jitter does not skip one.
        _historyEvery = (long)(historyEvery.TotalSeconds * 0.95 * time.TimestampFrequency);
        _items = Channel.CreateBounded<Item>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The alarm worker's open alarms at start; connections wait for them before their snapshot.</summary>
    public ValueTask InitializeAsync(IReadOnlyList<AlarmResponse> open, CancellationToken ct) => _items.Writer.WriteAsync(new InitialItem(open, null), ct);

    /// <summary>
    /// A follower hub's open alarms as read from PostgreSQL at <paramref name="loadedAt"/>, after it
    /// subscribed to the leader's relay: merged with what was relayed meanwhile, the newer copy
    /// (<see cref="AlarmResponse.LastUpdatedAt"/>) of each alarm winning.
    /// </summary>
    public ValueTask InitializeFromStoreAsync(IReadOnlyList<AlarmResponse> open, DateTimeOffset loadedAt, CancellationToken ct) =>
        _items.Writer.WriteAsync(new InitialItem(open, loadedAt), ct);

    /// <summary>An alarm change relayed from the leader hub (follower only): pushed here, not relayed again.</summary>
    public ValueTask RelayedAlarmAsync(AlarmResponse alarm, bool raised, CancellationToken ct) =>
        _items.Writer.WriteAsync(new AlarmItem(alarm, raised, null, Relayed: true), ct);

    /// <summary>A <c>vitals</c> sample relayed from the leader hub (follower only). Never waits, as <see cref="Vitals"/>.</summary>
    public void RelayedVitals(Guid clinicId, VitalsSample sample) => _items.Writer.TryWrite(new RelayedVitalsItem(clinicId, sample));

    /// <summary>A committed alarm change; <paramref name="receivedAt"/> (the reading's arrival) feeds the latency histogram.</summary>
    public ValueTask AlarmAsync(AlarmResponse alarm, bool raised, DateTimeOffset? receivedAt, CancellationToken ct) =>
        _items.Writer.WriteAsync(new AlarmItem(alarm, raised, receivedAt, Relayed: false), ct);

    /// <summary>
    /// One device message's readings, for the live vitals. Never waits: when the queue is full the
    /// readings are not shown live (the next ones are; the charts read InfluxDB), alarms still wait their turn.
    /// </summary>
    public void Vitals(IReadOnlyList<AttributedReading> readings) => _items.Writer.TryWrite(new VitalsItem(readings));

    /// <summary>A new connection: it gets its snapshot, then joins its group.</summary>
    public ValueTask ConnectedAsync(string connectionId, ClinicScope scope, CancellationToken ct) =>
        _items.Writer.WriteAsync(new ConnectedItem(connectionId, scope), ct);

    public async Task<AlarmSnapshot> SnapshotAsync(ClinicScope scope, CancellationToken ct)
    {
        var item = new SnapshotItem(scope);
        await _items.Writer.WriteAsync(item, ct);
        return await item.Result.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var flusher = FlushPeriodicallyAsync(stoppingToken);
        try
        {
            await foreach (var item in _items.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await HandleAsync(item);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OutOfMemoryException)
                {
                    LogPublishFailed(_logger, ex, item.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: dashboards re-sync from a snapshot when they reconnect.
        }

        await flusher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task FlushPeriodicallyAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.VitalsInterval / 4, _time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            _items.Writer.TryWrite(FlushItem.Instance);
        }
    }

    private async Task HandleAsync(Item item)
    {
        switch (item)
        {
            case AlarmItem alarm:
                await PublishAlarmAsync(alarm);
                break;
            case VitalsItem vitals:
                TakeVitals(vitals.Readings);
                break;
            case RelayedVitalsItem relayed:
                await PublishRelayedVitalsAsync(relayed);
                break;
            case FlushItem:
                await FlushVitalsAsync();
                break;
            case ConnectedItem connected when !_initialized:
                _waitingForAlarms.Add(connected);
                break;
            case ConnectedItem connected:
                await WelcomeAsync(connected);
                break;
            case SnapshotItem snapshot:
                snapshot.Result.TrySetResult(Snapshot(snapshot.Scope));
                break;
            case InitialItem initial:
                Initialize(initial);

                _initialized = true;
                foreach (var waiting in _waitingForAlarms)
                {
                    await WelcomeAsync(waiting);
                }

                _waitingForAlarms.Clear();
                break;
        }
    }

    private void Initialize(InitialItem initial)
    {
        var loaded = initial.Open.ToDictionary(a => a.Id);
        if (initial.LoadedAt is { } loadedAt)
        {
            // Relayed before or while the store was read: the newer copy wins; an alarm not in
            // the store but changed after the read was raised meanwhile; one relayed as resolved stays so.
            foreach (var (id, current) in _open)
            {
                if (loaded.TryGetValue(id, out var stored) ? current.LastUpdatedAt > stored.LastUpdatedAt : current.LastUpdatedAt >= loadedAt)
                {
                    loaded[id] = current;
                }
            }

            foreach (var (id, resolvedAt) in _relayedResolved)
            {
                if (loaded.TryGetValue(id, out var stored) && stored.LastUpdatedAt <= resolvedAt)
                {
                    loaded.Remove(id);
                }
            }
        }

        // The alarm engine's own list (start-up, or a follower that became the leader) is the truth.
        _relayedResolved.Clear();
        _open.Clear();
        foreach (var (id, alarm) in loaded)
        {
            _open[id] = alarm;
        }
    }

    private async Task PublishAlarmAsync(AlarmItem item)
    {
        var alarm = item.Alarm;
        if (item.Relayed)
        {
            // Two copies of one alarm (a reconnect, the store read): the newer one counts.
            if (_open.TryGetValue(alarm.Id, out var shown) && shown.LastUpdatedAt > alarm.LastUpdatedAt)
            {
                return;
            }

            if (alarm.State == "resolved")
            {
                _relayedResolved[alarm.Id] = alarm.LastUpdatedAt;
            }
        }
        else
        {
            _relay.Alarm(alarm, item.Raised);
        }

        if (alarm.State == "resolved")
        {
            _open.Remove(alarm.Id);
        }
        else
        {
            _open[alarm.Id] = alarm;
        }

        var clients = _hub.Clients.Groups(RealtimeGroups.Clinic(alarm.ClinicId), RealtimeGroups.Admins);
        await TrackAsync(item.Raised ? clients.AlarmRaised(alarm) : clients.AlarmChanged(alarm));
        if (item.Raised && item.ReceivedAt is { } receivedAt)
        {
            _metrics.ReadingToPush(alarm.Kind, _time.GetUtcNow() - receivedAt);
        }
    }

    private async Task WelcomeAsync(ConnectedItem connected)
    {
        await TrackAsync(_hub.Clients.Client(connected.ConnectionId).Snapshot(Snapshot(connected.Scope)));
        var group = connected.Scope.IsAdmin ? RealtimeGroups.Admins : RealtimeGroups.Clinic(connected.Scope.ClinicId!.Value);
        await _hub.Groups.AddToGroupAsync(connected.ConnectionId, group);
    }

    private AlarmSnapshot Snapshot(ClinicScope scope)
    {
        var alarms = _open.Values
            .Where(a => scope.CanSee(a.ClinicId))
            .OrderBy(a => a.RaisedAt)
            .ToList();
        // Per patient: the samples sent within the snapshot window (the wall's sparklines survive a
        // reload), or, when none, the newest values (the wall shows "no data since" with the last value).
        var now = _time.GetTimestamp();
        var vitals = new List<VitalsSample>();
        foreach (var (patientId, patient) in _vitals)
        {
            if (!scope.CanSee(patient.ClinicId) || !patient.HasValues)
            {
                continue;
            }

            patient.TrimRecent(sentAt => _time.GetElapsedTime(sentAt, now) > _options.SnapshotVitalsWindow);
            if (patient.RecentCount == 0)
            {
                vitals.Add(patient.Sample(patientId, all: true));
            }
            else
            {
                vitals.AddRange(patient.RecentSamples(patientId));
            }
        }

        return new AlarmSnapshot(_time.GetUtcNow(), alarms, vitals);
    }

    private void TakeVitals(IReadOnlyList<AttributedReading> readings)
    {
        foreach (var reading in readings)
        {
            if (reading.Kind != DeviceTopicKind.Telemetry || !PatientVitals.IsLive(reading.Name))
            {
                continue;
            }

            if (!_vitals.TryGetValue(reading.PatientId, out var vitals))
            {
                vitals = new PatientVitals(reading.ClinicId);
                _vitals.Add(reading.PatientId, vitals);
            }

            if (vitals.Take(reading))
            {
                _pendingVitals.Add(reading.PatientId);
            }
        }
    }

    private async Task FlushVitalsAsync()
    {
        if (_pendingVitals.Count == 0)
        {
            return;
        }

        var now = _time.GetTimestamp();
        List<Guid>? sent = null;
        foreach (var patientId in _pendingVitals)
        {
            var vitals = _vitals[patientId];
            if (vitals.SentAt is { } last && _time.GetElapsedTime(last, now) < _options.VitalsInterval)
            {
                continue;
            }

            var sample = vitals.Sample(patientId, all: false);
            vitals.MarkSent(now, sample, _recentPerPatient, _historyEvery);
            (sent ??= []).Add(patientId);
            _relay.Vitals(vitals.ClinicId, sample);
            await TrackAsync(_hub.Clients.Groups(RealtimeGroups.Clinic(vitals.ClinicId), RealtimeGroups.Admins).Vitals(sample));
        }

        foreach (var patientId in sent ?? [])
        {
            _pendingVitals.Remove(patientId);
        }
    }

    /// <summary>The leader already coalesced it: remembered for snapshots and pushed as it is.</summary>
    private async Task PublishRelayedVitalsAsync(RelayedVitalsItem relayed)
    {
        if (!_vitals.TryGetValue(relayed.Sample.PatientId, out var vitals))
        {
            vitals = new PatientVitals(relayed.ClinicId);
            _vitals.Add(relayed.Sample.PatientId, vitals);
        }

        vitals.TakeSample(relayed.Sample);
        var sample = vitals.Sample(relayed.Sample.PatientId, all: false);
        vitals.MarkSent(_time.GetTimestamp(), sample, _recentPerPatient, _historyEvery);
        await TrackAsync(_hub.Clients.Groups(RealtimeGroups.Clinic(relayed.ClinicId), RealtimeGroups.Admins).Vitals(relayed.Sample));
    }

    private async Task TrackAsync(Task send)
    {
        while (_sending.TryPeek(out var oldest) && oldest.IsCompleted)
        {
            Observe(_sending.Dequeue());
        }

        if (send.IsCompleted)
        {
            Observe(send);
            return;
        }

        _sending.Enqueue(send);
        while (_sending.Count > _options.MaxPendingSends)
        {
            var oldest = _sending.Dequeue();
            await oldest.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Observe(oldest);
        }
    }

    private void Observe(Task send)
    {
        if (send.Exception is { } ex)
        {
            LogSendFailed(_logger, ex.GetBaseException().Message);
        }
    }

    private abstract record Item;

    private sealed record AlarmItem(AlarmResponse Alarm, bool Raised, DateTimeOffset? ReceivedAt, bool Relayed) : Item;

    private sealed record RelayedVitalsItem(Guid ClinicId, VitalsSample Sample) : Item;

    private sealed record VitalsItem(IReadOnlyList<AttributedReading> Readings) : Item;

    private sealed record ConnectedItem(string ConnectionId, ClinicScope Scope) : Item;

    private sealed record InitialItem(IReadOnlyList<AlarmResponse> Open, DateTimeOffset? LoadedAt) : Item;

    private sealed record FlushItem : Item
    {
        public static FlushItem Instance { get; } = new();
    }

    private sealed record SnapshotItem(ClinicScope Scope) : Item
    {
        public TaskCompletionSource<AlarmSnapshot> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Publishing a {Item} to the dashboards failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string item);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A send to a dashboard connection failed (it is gone; it re-syncs on reconnect): {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string reason);
}
