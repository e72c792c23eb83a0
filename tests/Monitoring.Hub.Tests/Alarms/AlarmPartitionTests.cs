using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>
/// The alarm engine split into partitions by patient (<see cref="AlarmFixture.Partitions"/> of them,
/// more than the machine's cores): every patient is evaluated in its own partition, commands find
/// the alarm's partition, and what crosses partitions (a message with two patients' readings, a
/// device handed from one patient to another) reaches the right one.
/// </summary>
public sealed class AlarmPartitionTests(AlarmFixture fixture) : IClassFixture<AlarmFixture>
{
    [Fact]
    public void APatientAlwaysMapsToTheSamePartitionAndPatientsSpreadOverAll()
    {
        var counts = new int[4];
        for (var i = 0; i < 4000; i++)
        {
            var patientId = Guid.NewGuid();
            var partition = AlarmWorker.PartitionOf(patientId, counts.Length);
            Assert.Equal(partition, AlarmWorker.PartitionOf(patientId, counts.Length));
            counts[partition]++;
        }

        // 1,000 expected in each; a partition with under half of that would idle while another is overloaded.
        Assert.All(counts, count => Assert.InRange(count, 500, 1500));
        Assert.Equal(0, AlarmWorker.PartitionOf(Guid.NewGuid(), 1));
    }

    [Fact]
    public void TheEngineRunsTheConfiguredPartitions() => Assert.Equal(AlarmFixture.Partitions, fixture.Worker.PartitionCount);

    [Fact]
    public async Task PatientsOfEveryPartitionRaiseTheirOwnAlarmAndNurseCommandsReachIt()
    {
        var clinic = await fixture.CreateClinicAsync();
        var nurse = await fixture.CreateNurseAsync(clinic);
        var patients = new List<MonitoredPatient>();
        for (var partition = 0; partition < AlarmFixture.Partitions; partition++)
        {
            patients.Add(await fixture.MonitoredPatientInPartitionAsync(partition, clinic));
        }

        foreach (var patient in patients)
        {
            await fixture.DesaturateAsync(patient);
        }

        foreach (var patient in patients)
        {
            var id = (await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low")).GetProperty("id").GetGuid();
            using var acknowledged = await nurse.Client.PostJsonAsync($"/api/alarms/{id}/acknowledge", new { note = "called the patient" });
            Assert.Equal(System.Net.HttpStatusCode.OK, acknowledged.StatusCode);
            using var resolved = await nurse.Client.PostJsonAsync($"/api/alarms/{id}/resolve", new { note = "SpO2 back to 97 % at rest" });
            Assert.Equal(System.Net.HttpStatusCode.OK, resolved.StatusCode);
            Assert.Equal(["alarm.opened", "alarm.acknowledged", "alarm.resolved"], await fixture.AuditActionsAsync(id));
        }
    }

    [Fact]
    public async Task OneMessageWithTwoPatientsReadingsIsEvaluatedForEachInItsPartition()
    {
        // A device's stored backlog that spans a hand-over: the first patient's readings, then the second's.
        var first = await fixture.MonitoredPatientInPartitionAsync(0);
        var second = await fixture.MonitoredPatientInPartitionAsync(1);
        var now = fixture.Now;
        var device = first.DeviceId;
        await fixture.SendAsync(
        [
            AlarmFixture.Reading(first, "spo2", 91, now.AddSeconds(-4), now),
            AlarmFixture.Reading(first, "spo2", 90, now.AddSeconds(-3), now),
            AlarmFixture.Reading(second with { DeviceId = device }, "spo2", 89, now.AddSeconds(-2), now),
            AlarmFixture.Reading(second with { DeviceId = device }, "spo2", 88, now.AddSeconds(-1), now),
        ]);

        Assert.Equal(90, (await fixture.SingleAlarmAsync(first.PatientId, "spo2_low")).GetProperty("worstValue").GetDouble());
        Assert.Equal(88, (await fixture.SingleAlarmAsync(second.PatientId, "spo2_low")).GetProperty("worstValue").GetDouble());
    }

    [Fact]
    public async Task ADeviceHandedToAPatientOfAnotherPartitionFallsSilentForTheNewPatientOnly()
    {
        var before = await fixture.MonitoredPatientInPartitionAsync(0);
        var after = await fixture.MonitoredPatientInPartitionAsync(2, before.ClinicId);
        var seed = new RegistrySeed(await fixture.AdminAsync());
        var (deviceId, _) = await seed.RegisterDeviceAsync(before.ClinicId);
        await seed.AssignAsync(deviceId, before.PatientId);
        await fixture.SendAsync(before with { DeviceId = deviceId }, ("spo2", 97, TimeSpan.Zero));

        await seed.UnassignAsync(deviceId);
        await seed.AssignAsync(deviceId, after.PatientId);
        await fixture.SendAsync(after with { DeviceId = deviceId }, ("spo2", 96, TimeSpan.Zero));
        // Past the default 15 minutes of silence, and past the watch refresh that tells the first
        // partition the device is no longer its patient's.
        await fixture.TickAfterAsync(TimeSpan.FromMinutes(16));
        await fixture.TickAfterAsync(TimeSpan.FromMinutes(1));

        Assert.DoesNotContain(await fixture.AlarmsAsync(before.PatientId), a => a.GetProperty("kind").GetString() == "device_silent");
        Assert.Equal(deviceId, (await fixture.SingleAlarmAsync(after.PatientId, "device_silent")).GetProperty("detail").GetString());
    }
}
