using System.Net;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Api;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// The alarm engine's port in a leader/follower cluster: on the leader, this hub's
/// <see cref="OrleansAlarmEngine"/>; on a follower, the leader's, reached through the alarm feed
/// (readings, <see cref="ClusterLink"/>) and the leader's <c>/internal/cluster/engine</c>
/// endpoints (everything else, <see cref="LeaderForwarder"/>). The API, ingestion and the reminder
/// sweeps call the port alike on every hub.
/// </summary>
public sealed class ClusterAlarmEngine(ILeadershipGate leadership, OrleansAlarmEngine worker, ClusterLink link, LeaderForwarder forwarder) : IAlarmEngine
{
    private long _readings;

    /// <summary>Valid readings this hub ingested (its share of the device stream), for <c>/internal/cluster/status</c>.</summary>
    public long Readings => Interlocked.Read(ref _readings);

    public ValueTask TakeReadingsAsync(Guid patientId, IReadOnlyList<AttributedReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        Interlocked.Add(ref _readings, readings.Count);
        return leadership.IsLeader
            ? worker.TakeReadingsAsync(patientId, readings, cancellationToken)
            : link.SendToLeaderAsync(readings, cancellationToken);
    }

    public Task<AlarmTransition> AcknowledgeAsync(Guid patientId, AlarmCommand command, CancellationToken cancellationToken) =>
        leadership.IsLeader
            ? worker.AcknowledgeAsync(patientId, command, cancellationToken)
            : ForwardAsync<AlarmTransition>($"/engine/{patientId}/alarms/{command.AlarmId}/acknowledge", ForwardedCommand.From(command), cancellationToken);

    public Task<AlarmTransition> ResolveAsync(Guid patientId, AlarmCommand command, CancellationToken cancellationToken) =>
        leadership.IsLeader
            ? worker.ResolveAsync(patientId, command, cancellationToken)
            : ForwardAsync<AlarmTransition>($"/engine/{patientId}/alarms/{command.AlarmId}/resolve", ForwardedCommand.From(command), cancellationToken);

    /// <summary>A follower forwards reminder raises (the only decisions made outside the reading rules today).</summary>
    public async Task<StoredAlarm?> ApplyDecisionAsync(Guid patientId, AlarmDecision decision, CancellationToken cancellationToken)
    {
        if (leadership.IsLeader)
        {
            return await worker.ApplyDecisionAsync(patientId, decision, cancellationToken);
        }

        if (decision is not Raise raise)
        {
            throw new NotSupportedException($"A follower hub forwards only raises to the leader, not {decision.GetType().Name}.");
        }

        var request = new ReminderRequest(patientId, AlarmWireNames.Of(raise.Kind), raise.Detail ?? "", raise.ObservedAt);
        return (await ForwardAsync<ForwardedAlarm>("/engine/reminders", request, cancellationToken)).Alarm;
    }

    public async Task<StoredAlarm?> ResolveBySystemAsync(Guid patientId, AlarmKind kind, string note, CancellationToken cancellationToken) =>
        leadership.IsLeader
            ? await worker.ResolveBySystemAsync(patientId, kind, note, cancellationToken)
            : (await ForwardAsync<ForwardedAlarm>("/engine/reminders/resolve", new ReminderWithdrawal(patientId, AlarmWireNames.Of(kind), note), cancellationToken)).Alarm;

    /// <summary>On a follower nothing to do: the leader reads every context again within <see cref="AlarmsOptions.ContextRefreshInterval"/>.</summary>
    public Task EpisodeChangedAsync(Guid patientId, CancellationToken cancellationToken) =>
        leadership.IsLeader ? worker.EpisodeChangedAsync(patientId, cancellationToken) : Task.CompletedTask;

    private async Task<T> ForwardAsync<T>(string path, object body, CancellationToken ct)
    {
        using var response = await forwarder.PostAsync(path, body, null, ct);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            throw new DependencyUnavailableException("The leader hub cannot take it now (the alarm engine may be changing hubs); nothing was changed. Try again shortly.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The leader hub refused {path} ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(ct)}");
        }

        return await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, ct)
            ?? throw new InvalidOperationException($"The leader hub answered {path} with nothing.");
    }
}
