using Microsoft.Extensions.DependencyInjection;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms;
using Monitoring.Hub.Alarms.Adapters;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Database;
using Monitoring.Hub.Storage;
using Monitoring.Hub.Thresholds;
using Orleans.TestingHost;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>
/// The grain engine in a cluster of three silos (Orleans TestingHost, in this process) on the
/// fixture hub's PostgreSQL and fake clock: readings and commands of one patient reach its one
/// grain through any silo, and a stopped silo's patient is evaluated elsewhere from what is stored.
/// The fixture's hub serves the registry and the alarm API; its own silo is a cluster of its own.
/// </summary>
public sealed class ThreeSiloAlarmTests(AlarmFixture fixture) : IClassFixture<AlarmFixture>, IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration["Database:ConnectionString"] = fixture.Database.ConnectionString;
            host.Configuration["Alarms:TickerEnabled"] = "false";
            host.Services.AddSingleton<TimeProvider>(fixture.Clock);
            host.Services.AddDatabase();
            host.Services.AddDatabaseMigrations();
            host.Services.AddThresholds();
            host.Services.AddAlarms();
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync(Ct);
        foreach (var silo in _cluster.Silos)
        {
            await Service<AlarmEngineStartup>(silo).Ready.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        }
    }

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task OnePatientsReadingsThroughThreeSilosRaiseOneAlarmInTheirTimeOrder()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var now = fixture.Now;
        // Three messages of one desaturation, each through another silo.
        await Port(0).TakeReadingsAsync(patient.PatientId, [AlarmFixture.Reading(patient, "spo2", 91, now.AddSeconds(-3), now)], Ct);
        await Port(1).TakeReadingsAsync(patient.PatientId, [AlarmFixture.Reading(patient, "spo2", 90, now.AddSeconds(-2), now.AddMilliseconds(1))], Ct);
        await Port(2).TakeReadingsAsync(patient.PatientId, [AlarmFixture.Reading(patient, "spo2", 89, now.AddSeconds(-1), now.AddMilliseconds(2))], Ct);

        var alarm = await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low");
        Assert.Equal((89.0, 2), (alarm.GetProperty("worstValue").GetDouble(), alarm.GetProperty("count").GetInt32()));
        Assert.Equal(89.0, alarm.GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task ConcurrentMessagesOfOnePatientThroughEverySiloOpenOneAlarm()
    {
        var patient = await fixture.MonitoredPatientAsync();
        var now = fixture.Now;
        await Task.WhenAll(Enumerable.Range(0, 3).Select(silo => Port(silo).TakeReadingsAsync(patient.PatientId,
        [
            AlarmFixture.Reading(patient, "spo2", 90 - silo, now.AddSeconds(-10 + (2 * silo)), now.AddMilliseconds(silo)),
            AlarmFixture.Reading(patient, "spo2", 89 - silo, now.AddSeconds(-9 + (2 * silo)), now.AddMilliseconds(silo)),
        ], Ct).AsTask()));

        var alarm = await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low");
        Assert.Equal(87.0, alarm.GetProperty("worstValue").GetDouble());
        Assert.Equal(["alarm.opened"], await fixture.AuditActionsAsync(alarm.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task AnAlarmRaisedThroughOneSiloIsAcknowledgedThroughAnotherAndResolvedThroughTheThird()
    {
        var patient = await fixture.MonitoredPatientAsync();
        await DesaturateAsync(0, patient);
        var alarmId = (await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low")).GetProperty("id").GetGuid();
        var nurse = new ClinicScope(Guid.NewGuid(), "nurse-li", UserRole.Nurse, patient.ClinicId);

        var acknowledged = await Port(1).AcknowledgeAsync(patient.PatientId, new AlarmCommand(alarmId, nurse, "calling the patient"), Ct);
        var again = await Port(2).AcknowledgeAsync(patient.PatientId, new AlarmCommand(alarmId, nurse, "twice"), Ct);
        var resolved = await Port(2).ResolveAsync(patient.PatientId, new AlarmCommand(alarmId, nurse, "SpO2 97 % at rest"), Ct);

        Assert.Equal((AlarmTransitionStatus.Done, "nurse-li"), (acknowledged.Status, acknowledged.Alarm!.Record.AcknowledgedBy));
        Assert.Equal(AlarmTransitionErrorCode.AlreadyAcknowledged, again.Error?.Code);
        Assert.Equal((AlarmTransitionStatus.Done, AlarmState.Resolved), (resolved.Status, resolved.Alarm!.Record.State));
        Assert.Equal(["alarm.opened", "alarm.acknowledged", "alarm.resolved"], await fixture.AuditActionsAsync(alarmId));
    }

    [Fact]
    public async Task WhenTheSiloOfAPatientsGrainStopsThePatientIsEvaluatedElsewhereWithOneAlarmAndOneEscalation()
    {
        var patient = await fixture.MonitoredPatientAsync();
        await DesaturateAsync(0, patient);
        var alarmId = (await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low")).GetProperty("id").GetGuid();
        var home = Assert.Single(_cluster.Silos, s => Service<ActivePatients>(s).Contains(patient.PatientId));

        await _cluster.StopSiloAsync(home, Ct);
        Assert.Equal(2, _cluster.Silos.Count);

        // Past the escalation delay (2 min): every remaining silo ticks, the sweep wakes the patient's
        // grain on one of them from what PostgreSQL holds, and the alarm escalates once.
        fixture.Clock.Advance(TimeSpan.FromMinutes(3));
        for (var round = 0; round < 2; round++)
        {
            foreach (var silo in _cluster.Silos)
            {
                await Service<AlarmTicker>(silo).TickAsync(fixture.Now, Ct);
            }
        }

        var alarm = await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low");
        Assert.True(alarm.GetProperty("escalated").GetBoolean());
        Assert.Equal(1, (await fixture.AuditActionsAsync(alarmId)).Count(a => a == "alarm.escalated"));

        // Readings keep being evaluated on the silos left: the same alarm takes them.
        var now = fixture.Now;
        await Port(1).TakeReadingsAsync(patient.PatientId, [AlarmFixture.Reading(patient, "spo2", 86, now, now)], Ct);
        var updated = await fixture.SingleAlarmAsync(patient.PatientId, "spo2_low");
        Assert.Equal((alarmId, 86.0), (updated.GetProperty("id").GetGuid(), updated.GetProperty("worstValue").GetDouble()));
    }

    private IAlarmEngine Port(int silo) => Service<OrleansAlarmEngine>(_cluster.Silos[silo % _cluster.Silos.Count]);

    private static T Service<T>(InProcessSiloHandle silo) where T : notnull => silo.ServiceProvider.GetRequiredService<T>();

    private Task DesaturateAsync(int silo, MonitoredPatient patient)
    {
        var now = fixture.Now;
        return Port(silo).TakeReadingsAsync(patient.PatientId,
            [AlarmFixture.Reading(patient, "spo2", 91, now.AddSeconds(-2), now), AlarmFixture.Reading(patient, "spo2", 90.5, now.AddSeconds(-1), now)], Ct).AsTask();
    }
}
