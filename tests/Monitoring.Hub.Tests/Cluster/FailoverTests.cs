using Monitoring.Hub.Tests.Ingestion;
using Monitoring.Hub.Tests.Realtime;

namespace Monitoring.Hub.Tests.Cluster;

/// <summary>
/// The leader hub is killed (SIGKILL): PostgreSQL drops its session and with it the lease, the
/// follower takes it, loads the alarm engine's state, takes over the alarm feed's persistent
/// session (with what followers sent meanwhile) and alarms are raised again.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class FailoverTests(TwoHubs hubs) : IClassFixture<TwoHubs>
{
    [Fact]
    public async Task WhenTheLeaderIsKilledTheFollowerTakesTheLeaseAndRaisesAlarmsIncludingForReadingsSentInTheGap()
    {
        var (leader, follower) = await hubs.LeaderAsync();
        using var admin = await TwoHubs.AdminAsync(follower);
        var clinic = await TwoHubs.ClinicAsync(admin);
        var before = await TwoHubs.MonitoredDeviceAsync(admin, clinic);
        var during = await TwoHubs.MonitoredDeviceAsync(admin, clinic);
        await RealtimeFixture.MosquittoPubAsync(TwoHubs.BrokerPort, before.Device, RealtimeFixture.Senml(before.Id, ("spo2", 89), ("spo2", 88)));
        await TwoHubs.WaitForAlarmsAsync(admin, before.PatientId, alarms => alarms.Count == 1, "the alarm raised before the failover");

        await leader.KillAsync();
        // Sent at once, while the survivor may still be a follower: it forwards them to the feed,
        // whose session keeps them until the new leader takes it over. Several, as above.
        for (var i = 0; i < 4; i++)
        {
            await RealtimeFixture.MosquittoPubAsync(TwoHubs.BrokerPort, during.Device, RealtimeFixture.Senml(during.Id, ("spo2", 89), ("spo2", 87)));
        }

        var (newLeader, _) = await hubs.LeaderAsync(follower);
        Assert.Same(follower, newLeader);
        var alarms = await TwoHubs.WaitForAlarmsAsync(admin, during.PatientId,
            list => list.Any(a => a.GetProperty("kind").GetString() == "spo2_low"), "the alarm of the readings sent during the failover");
        Assert.Single(alarms);

        // The earlier alarm was loaded by the new leader, not raised again: a further low reading updates it.
        // Several messages: Mosquitto may still hand every other one of the group to the dead hub's session.
        for (var i = 0; i < 4; i++)
        {
            await RealtimeFixture.MosquittoPubAsync(TwoHubs.BrokerPort, before.Device, RealtimeFixture.Senml(before.Id, ("spo2", 86)));
        }

        var updated = await TwoHubs.WaitForAlarmsAsync(admin, before.PatientId,
            list => list.Any(a => a.GetProperty("worstValue").GetDouble() == 86), "the earlier alarm updated by the new leader");
        Assert.Single(updated);
    }
}
