using Microsoft.AspNetCore.SignalR;
using Monitoring.Hub.Alarms.Api;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Realtime;

namespace Monitoring.Hub.Alarms.Operator;

/// <summary>
/// Alarms about the hub itself, for administrators only: stored in <c>operator_alarms</c>, audited,
/// logged, and pushed to the administrators' SignalR group (<see cref="RealtimeGroups.Admins"/>) as
/// <c>alarmRaised</c> / <c>alarmChanged</c>. Nurses and doctors never see them (their connections
/// join only their clinic's group, and <c>GET /api/alarms</c> adds them for administrators only).
/// </summary>
public sealed partial class OperatorAlarms : IOperatorAlarms
{
    private readonly OperatorAlarmStore _store;
    private readonly IHubContext<AlarmHub, IAlarmClient> _hub;
    private readonly ILogger<OperatorAlarms> _logger;

    internal OperatorAlarms(OperatorAlarmStore store, IHubContext<AlarmHub, IAlarmClient> hub, ILogger<OperatorAlarms> logger)
    {
        _store = store;
        _hub = hub;
        _logger = logger;
    }

    public async Task<AlarmResponse> RaiseAsync(AlarmKind kind, long lost, string detail, CancellationToken cancellationToken)
    {
        var (alarm, raised) = await _store.RaiseAsync(kind, lost, detail, cancellationToken);
        var response = alarm.ToResponse();
        LogRaised(_logger, alarm.Id, alarm.Kind, lost, alarm.Lost, raised, detail);
        await PushAsync(response, raised);
        return response;
    }

    /// <summary>The open operator alarms an administrator sees beside the clinics' (nothing for anyone else).</summary>
    public async Task<IReadOnlyList<AlarmResponse>> OpenAsync(ClinicScope scope, CancellationToken ct) =>
        scope.IsAdmin ? [.. (await _store.ListAsync(null, openOnly: true, null, null, 1000, ct)).Select(a => a.ToResponse())] : [];

    /// <summary>The open alarm of <paramref name="kind"/>, if any (health latches on it).</summary>
    public async Task<AlarmResponse?> OpenOfKindAsync(AlarmKind kind, CancellationToken ct) =>
        (await _store.ListAsync(null, openOnly: true, AlarmWireNames.Of(kind), null, 1, ct)) is [var open, ..] ? open.ToResponse() : null;

    /// <summary>For <c>GET /api/alarms</c>: administrators only, and only when no patient or clinic filter excludes them.</summary>
    public async Task<IReadOnlyList<AlarmResponse>> ListAsync(
        ClinicScope scope, Guid? clinicId, Guid? patientId, AlarmState? state, bool openOnly, AlarmKind? kind, DateTimeOffset? since, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.IsAdmin || clinicId is not null || patientId is not null || (kind is { } k && k != AlarmKind.IngestDataLost))
        {
            return [];
        }

        var rows = await _store.ListAsync(state is { } s ? AlarmWireNames.Of(s) : null, openOnly, kind is { } kk ? AlarmWireNames.Of(kk) : null, since, limit, ct);
        return [.. rows.Select(a => a.ToResponse())];
    }

    /// <summary>Null when the id is not an operator alarm an administrator may see.</summary>
    public async Task<AlarmResponse?> GetAsync(ClinicScope scope, Guid id, CancellationToken ct) =>
        scope.IsAdmin && await _store.GetAsync(id, ct) is { } alarm ? alarm.ToResponse() : null;

    /// <summary>Null when the id is not an operator alarm an administrator may change.</summary>
    public async Task<AlarmCommandOutcome?> AcknowledgeAsync(ClinicScope scope, Guid id, string? note, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.IsAdmin ? await PushedAsync(await _store.AcknowledgeAsync(id, scope.Actor, note, ct)) : null;
    }

    /// <summary>Null when the id is not an operator alarm an administrator may change.</summary>
    public async Task<AlarmCommandOutcome?> ResolveAsync(ClinicScope scope, Guid id, string? note, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var transition = scope.IsAdmin ? await _store.ResolveAsync(id, scope.Actor, note, ct) : null;
        if (transition is { Status: AlarmTransitionStatus.Done, Alarm: { } resolved })
        {
            LogResolved(_logger, resolved.Id, resolved.Kind, scope.Username, resolved.ResolutionNote);
        }

        return await PushedAsync(transition);
    }

    private async Task<AlarmCommandOutcome?> PushedAsync(AlarmCommandOutcome? transition)
    {
        if (transition is { Status: AlarmTransitionStatus.Done, Alarm: { } alarm })
        {
            await PushAsync(alarm, raised: false);
        }

        return transition;
    }

    private async Task PushAsync(AlarmResponse alarm, bool raised)
    {
        try
        {
            var admins = _hub.Clients.Group(RealtimeGroups.Admins);
            await (raised ? admins.AlarmRaised(alarm) : admins.AlarmChanged(alarm));
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or OperationCanceledException)
        {
            // Stored already; dashboards see it on their next snapshot or GET /api/alarms.
            LogPushFailed(_logger, alarm.Id, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Operator alarm {AlarmId} {Kind}: {Lost} more lost ({Total} since it opened; new alarm: {Raised}): {Detail}")]
    private static partial void LogRaised(ILogger logger, Guid alarmId, string kind, long lost, long total, bool raised, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator alarm {AlarmId} {Kind} resolved by {Username}: {Note}")]
    private static partial void LogResolved(ILogger logger, Guid alarmId, string kind, string username, string? note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operator alarm {AlarmId} stored but not pushed to dashboards: {Reason}")]
    private static partial void LogPushFailed(ILogger logger, Guid alarmId, string reason);
}
