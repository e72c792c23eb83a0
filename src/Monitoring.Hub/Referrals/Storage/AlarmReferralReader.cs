using Dapper;
using Monitoring.Hub.Alarms.Api;
using Npgsql;

namespace Monitoring.Hub.Referrals.Storage;

/// <summary>
/// The referral each alarm started, for the alarm API and the wall (<see cref="IAlarmReferrals"/>): the
/// one recorded last when the alarm started more than one (a cancelled one, then another; by its first
/// <c>referral_events</c> row, which orders them even when both were requested within one clock tick). No clinic
/// filter of its own: callers pass alarms the caller may already see, and a referral is of its alarm's clinic.
/// </summary>
internal sealed class AlarmReferralReader(NpgsqlDataSource dataSource) : IAlarmReferrals
{
    public async Task<IReadOnlyDictionary<Guid, AlarmReferral>> OfAlarmsAsync(IReadOnlyCollection<Guid> alarmIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alarmIds);
        if (alarmIds.Count == 0)
        {
            return new Dictionary<Guid, AlarmReferral>();
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(Guid AlarmId, Guid Id, string State, string DestinationLevel, bool Open, DateTimeOffset StateSince)>(new CommandDefinition(
            """
            SELECT DISTINCT ON (r.alarm_id) r.alarm_id, r.id, r.state, r.destination_level, r.closed_at IS NULL, r.state_since
            FROM referrals r WHERE r.alarm_id = ANY(@alarmIds)
            ORDER BY r.alarm_id, (SELECT min(e.id) FROM referral_events e WHERE e.referral_id = r.id) DESC
            """,
            new { alarmIds = alarmIds.ToArray() }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.AlarmId, r => new AlarmReferral(r.Id, r.State, r.DestinationLevel, r.Open, r.StateSince));
    }
}
