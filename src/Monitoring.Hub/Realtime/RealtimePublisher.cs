using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Alarms.Api;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Events;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Observability;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// The one ordered sink of everything pushed on <c>/hubs/alarms</c>: the alarm engine's event stream
/// (<see cref="IAlarmEventSubscriber"/>: alarms after they are committed, readings for throttled
/// vitals), each new connection's snapshot, and the referral steps recorded on this hub. The engine's
/// internal events become the contract's <see cref="AlarmResponse"/> and <see cref="VitalsSample"/> here,
/// at the edge, each open alarm with the referral it started (<see cref="AlarmResponse.Referral"/>): read
/// from PostgreSQL when the open alarms are (re)loaded, kept current by <see cref="ReferralChangedAsync"/>.
/// </summary>
/// <remarks>
/// <para>
/// A single loop owns its view of the open alarms (<see cref="OpenAlarmsView"/>) and the latest
/// vitals, so a snapshot and the events after it cannot disagree: a new connection gets its snapshot
/// from this loop and only then joins its group, so every later event reaches it after the snapshot
/// and none is missed.
/// </para>
/// <para>
/// With N hubs this publisher hears only its own silo's grains; it tells the other hubs' publishers
/// what it sent (<see cref="IRealtimePeers"/>) and applies what they sent to its view without
/// sending it (their sends reach this hub's connections through the SignalR backplane), so the
/// snapshot on every hub holds the whole cluster (docs/scale-out.md).
/// </para>
/// <para>
/// Sends are handed to SignalR and not awaited one by one: SignalR writes each connection's
/// messages in order, so a slow dashboard delays only itself. At most
/// <see cref="RealtimeOptions.MaxPendingSends"/> sends may be outstanding before the loop waits.
/// </para>
/// </remarks>
public sealed partial class RealtimePublisher : BackgroundService, IAlarmEventSubscriber
{
    private readonly IHubContext<AlarmHub, IAlarmClient> _hub;
    private readonly IAlarmReferrals _alarmReferrals;
    private readonly TimeProvider _time;
    private readonly AlarmMetrics _metrics;
    private readonly ILogger<RealtimePublisher> _logger;
    private readonly RealtimeOptions _options;
    private readonly Channel<Item> _items;
    private readonly OpenAlarmsView _open = new();
    private readonly LiveVitalsView _vitals;
    private readonly List<ConnectedItem> _waitingForAlarms = [];
    private readonly List<PeerItem> _peerChangesBeforeLoad = [];
    private readonly IRealtimePeers[] _peers;
    private readonly Queue<Task> _sending = new();
    // The loop's own: a clinic's wall and the administrators, one client proxy per clinic rather than a group name and proxy per send (10,000 vitals a second).
    private readonly Dictionary<Guid, IAlarmClient> _clinicAndAdmins = [];
    private bool _initialized;

    public RealtimePublisher(
        IHubContext<AlarmHub, IAlarmClient> hub,
        IAlarmReferrals alarmReferrals,
        TimeProvider time,
        AlarmMetrics metrics,
        IOptions<RealtimeOptions> options,
        IEnumerable<IRealtimePeers> peers,
        ILogger<RealtimePublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _peers = [.. peers];
        _hub = hub;
        _alarmReferrals = alarmReferrals;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _options = options.Value;
        var historyEvery = _options.SnapshotVitalsEvery > _options.VitalsInterval ? _options.SnapshotVitalsEvery : _options.VitalsInterval;
        // Timestamps (TimeProvider.GetTimestamp) per history sample; a little under the period so timer jitter does not skip one.
        _vitals = new LiveVitalsView(
            Math.Max(1, (int)Math.Ceiling(_options.SnapshotVitalsWindow / historyEvery)),
            (long)(historyEvery.TotalSeconds * 0.95 * time.TimestampFrequency),
            Math.Max(1, time.TimestampFrequency / 1000));
        _items = Channel.CreateBounded<Item>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>
    /// An event of the engine's stream: <see cref="AlarmsLoaded"/> (connections wait for it before
    /// their snapshot) and <see cref="AlarmChanged"/> wait for room in the queue; <see cref="VitalsObserved"/>
    /// never waits: when the queue is full its readings are not shown live (the next ones are; the
    /// charts read InfluxDB), alarms still wait their turn.
    /// </summary>
    public ValueTask OnEventAsync(AlarmEvent alarmEvent, CancellationToken cancellationToken)
    {
        switch (alarmEvent)
        {
            case VitalsObserved vitals:
                _items.Writer.TryWrite(new VitalsItem(vitals.Readings));
                return ValueTask.CompletedTask;
            case AlarmChanged changed:
                return _items.Writer.WriteAsync(new AlarmItem(changed), cancellationToken);
            case AlarmsLoaded loaded:
                return _items.Writer.WriteAsync(new InitialItem(loaded.Open), cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(alarmEvent), alarmEvent.GetType().Name, "not an event of the alarm engine");
        }
    }

    /// <summary>
    /// A referral started from <paramref name="alarmId"/> was requested or took a step (committed): the
    /// alarm, while open, is sent again as <c>alarmChanged</c> to its clinic (and the administrators)
    /// carrying the referral's state, and later copies of it carry it too.
    /// </summary>
    public ValueTask ReferralChangedAsync(Guid alarmId, AlarmReferral referral, CancellationToken ct) =>
        _items.Writer.WriteAsync(new ReferralItem(alarmId, referral), ct);

    /// <summary>The engine loads its open alarms once the other hubs' changes reach this view (N hubs; one hub: at once).</summary>
    public Task Ready => Task.WhenAll(_peers.Select(p => p.Joined));

    /// <summary>
    /// Another hub's publisher sent this (<see cref="IRealtimePeers"/>): applied to this view only, its
    /// SignalR sends already reach this hub's connections through the backplane. Vitals never wait.
    /// </summary>
    public ValueTask FromPeerAsync(PeerViewChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Vitals is not null)
        {
            _items.Writer.TryWrite(new PeerItem(change));
            return ValueTask.CompletedTask;
        }

        return _items.Writer.WriteAsync(new PeerItem(change), ct);
    }

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
            case ReferralItem referral:
                await PublishReferralAsync(referral);
                break;
            case VitalsItem vitals:
                _vitals.Take(vitals.Readings);
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
            case PeerItem peer when !_initialized:
                // Heard after subscribing, before the open alarms were read: newer than or as new as that read.
                _peerChangesBeforeLoad.Add(peer);
                break;
            case PeerItem peer:
                ApplyPeerChange(peer.Change);
                break;
            case InitialItem initial:
                await InitializeAsync(initial);

                _initialized = true;
                foreach (var peer in _peerChangesBeforeLoad)
                {
                    ApplyPeerChange(peer.Change);
                }

                _peerChangesBeforeLoad.Clear();
                foreach (var waiting in _waitingForAlarms)
                {
                    await WelcomeAsync(waiting);
                }

                _waitingForAlarms.Clear();
                break;
        }
    }

    private async Task InitializeAsync(InitialItem initial)
    {
        IReadOnlyDictionary<Guid, AlarmReferral> referrals = new Dictionary<Guid, AlarmReferral>();
        try
        {
            // Bounded: the loop also carries every alarm push.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            referrals = await _alarmReferrals.OfAlarmsAsync([.. initial.Open.Select(a => a.Id)], timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The engine has just read the same database; should it be gone now, the wall still gets its
            // alarms (without their referrals until the next step or reload) rather than no snapshot at all.
            LogReferralsUnreadable(_logger, ex, initial.Open.Count);
        }

        // The alarm engine's own list, read from PostgreSQL at start-up, is the truth.
        _open.Load(initial.Open, referrals);
    }

    private async Task PublishReferralAsync(ReferralItem item)
    {
        // Only an open alarm is on a wall; a closed one shows its referral when it is read (the API joins it).
        if (_open.TakeReferral(item.AlarmId, item.Referral) is not { } alarm)
        {
            return;
        }

        Share(new PeerViewChange { ReferralAlarmId = item.AlarmId, Referral = item.Referral });
        await TrackAsync(ClinicAndAdmins(alarm.ClinicId).AlarmChanged(alarm));
    }

    private async Task PublishAlarmAsync(AlarmItem item)
    {
        var changed = item.Changed;
        var alarm = _open.Take(changed.Alarm);
        Share(new PeerViewChange { Alarm = alarm });
        var clients = ClinicAndAdmins(alarm.ClinicId);
        await TrackAsync(changed.Raised ? clients.AlarmRaised(alarm) : clients.AlarmChanged(alarm));
        if (changed.Raised && changed.ReceivedAt is { } receivedAt)
        {
            _metrics.ReadingToPush(alarm.Kind, _time.GetUtcNow() - receivedAt);
        }
    }

    private async Task WelcomeAsync(ConnectedItem connected)
    {
        var group = RealtimeGroups.Of(connected.Scope);
        if (_peers.Length > 0)
        {
            // N hubs: another hub's send reaches the group apart from its change reaching this view, so
            // the connection joins first: nothing sent after the join is missed, and what comes just
            // before the snapshot the dashboard's merge absorbs (newest lastUpdatedAt wins).
            await _hub.Groups.AddToGroupAsync(connected.ConnectionId, group);
            await TrackAsync(_hub.Clients.Client(connected.ConnectionId).Snapshot(Snapshot(connected.Scope)));
            return;
        }

        await TrackAsync(_hub.Clients.Client(connected.ConnectionId).Snapshot(Snapshot(connected.Scope)));
        await _hub.Groups.AddToGroupAsync(connected.ConnectionId, group);
    }

    private AlarmSnapshot Snapshot(ClinicScope scope)
    {
        var now = _time.GetTimestamp();
        var vitals = _vitals.Snapshot(scope, sentAt => _time.GetElapsedTime(sentAt, now) > _options.SnapshotVitalsWindow);
        return new AlarmSnapshot(_time.GetUtcNow(), _open.VisibleTo(scope), vitals);
    }

    private async Task FlushVitalsAsync()
    {
        if (_vitals.Pending.Count == 0)
        {
            return;
        }

        var now = _time.GetTimestamp();
        foreach (var patientId in _vitals.Pending.ToList())
        {
            var vitals = _vitals[patientId];
            if (vitals.SentAt is { } last && _time.GetElapsedTime(last, now) < _options.VitalsInterval)
            {
                continue;
            }

            using var activity = HubActivities.StartChild(HubActivities.RealtimeVitals, vitals.Trace);
            activity?.SetTag(HubActivities.PatientIdTag, patientId);
            var sample = vitals.Sample(patientId, all: false);
            _vitals.MarkSent(patientId, now, sample);
            if (_peers.Length > 0)
            {
                Share(new PeerViewChange { Vitals = sample, VitalsClinicId = vitals.ClinicId });
            }

            await TrackAsync(ClinicAndAdmins(vitals.ClinicId).Vitals(sample));
        }
    }

    private IAlarmClient ClinicAndAdmins(Guid clinicId) =>
        _clinicAndAdmins.TryGetValue(clinicId, out var clients)
            ? clients
            : _clinicAndAdmins[clinicId] = _hub.Clients.Groups(RealtimeGroups.Clinic(clinicId), RealtimeGroups.Admins);

    private void Share(PeerViewChange change)
    {
        foreach (var peers in _peers)
        {
            peers.Share(change);
        }
    }

    /// <summary>Another hub's change, into this view without a send.</summary>
    private void ApplyPeerChange(PeerViewChange change)
    {
        if (change.Alarm is { } alarm)
        {
            _open.TakeFromPeer(alarm);
        }
        else if (change is { ReferralAlarmId: { } alarmId, Referral: { } referral })
        {
            _open.TakeReferral(alarmId, referral);
        }
        else if (change is { Vitals: { } sample, VitalsClinicId: { } clinicId })
        {
            _vitals.TakeFromPeer(sample, clinicId, _time.GetTimestamp());
        }
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

    private sealed record AlarmItem(AlarmChanged Changed) : Item;

    private sealed record ReferralItem(Guid AlarmId, AlarmReferral Referral) : Item;

    private sealed record VitalsItem(IReadOnlyList<AttributedReading> Readings) : Item;

    private sealed record ConnectedItem(string ConnectionId, ClinicScope Scope) : Item;

    private sealed record PeerItem(PeerViewChange Change) : Item;

    private sealed record InitialItem(IReadOnlyList<Alarms.Storage.StoredAlarm> Open) : Item;

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The referrals of the {Count} open alarms could not be read; the wall shows them without until their next change")]
    private static partial void LogReferralsUnreadable(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A send to a dashboard connection failed (it is gone; it re-syncs on reconnect): {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string reason);
}
