using Monitoring.Domain.Alarms;
using Monitoring.Hub.FollowUps;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// Reminder alarms in a cluster: Quartz runs a sweep on whichever hub it picks; the leader applies
/// the decision itself, a follower forwards it to the leader.
/// </summary>
public sealed class ClusterReminderAlarms(ILeadershipGate leadership, AlarmEngineReminderAlarms local, LeaderForwarder forwarder) : IReminderAlarms
{
    public async Task RaiseAsync(Guid patientId, AlarmKind kind, string detail, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        if (leadership.IsLeader)
        {
            await local.RaiseAsync(patientId, kind, detail, observedAt, cancellationToken);
            return;
        }

        using var response = await forwarder.PostAsync("/reminders", new ReminderRequest(patientId, AlarmWireNames.Of(kind), detail, observedAt), null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The sweep retries at its next run (the reminder ledger records only what was raised).
            throw new InvalidOperationException($"The leader hub refused the reminder ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    public async Task<bool> ResolveAsync(Guid patientId, AlarmKind kind, string note, CancellationToken cancellationToken)
    {
        if (leadership.IsLeader)
        {
            return await local.ResolveAsync(patientId, kind, note, cancellationToken);
        }

        using var response = await forwarder.PostAsync("/reminders/resolve", new ReminderWithdrawal(patientId, AlarmWireNames.Of(kind), note), null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The leader hub refused to resolve the reminder ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var result = await response.Content.ReadFromJsonAsync<ReminderWithdrawalResult>(cancellationToken);
        return result?.Resolved ?? false;
    }
}
