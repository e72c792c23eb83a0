using System.Globalization;
using Monitoring.Contracts.Events;
using Monitoring.Contracts.Metrics;
using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Engine;
using Monitoring.FirmwareSim.Hub;
using Monitoring.FirmwareSim.Physiology;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Scenarios;

/// <summary>
/// Plays a <see cref="Scenario"/>: registers its patient and devices with the hub and streams over
/// MQTT in compressed time, or (dry run) prints every message with its real and story time without
/// waiting.
/// </summary>
public sealed class ScenarioPlayer(Scenario scenario, TextWriter output, TimeProvider time)
{
    public async Task<int> PlayAsync(ScenarioRunOptions run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(scenario.Clinic.TimeZone);
        var ids = scenario.Devices.ToDictionary(d => d.Kind, d => $"{run.DevicePrefix}-{DeviceKinds.IdCode(d.Kind)}");
        Func<string, TimeMapping, IDeviceLink> linkFor;
        if (run.DryRun)
        {
            linkFor = (id, mapping) => new DryRunDeviceLink(id, output, mapping);
        }
        else
        {
            var secrets = await RegisterAsync(run, zone, ids, cancellationToken);
            var mqtt = run.Mqtt ?? throw new InvalidOperationException("A live scenario needs the broker's address.");
            linkFor = (id, _) => new MqttDeviceLink(mqtt, id, secrets[id]);
        }

        var wallStart = run.DryRun ? run.Start ?? time.GetUtcNow() : time.GetUtcNow();
        var mapping = new TimeMapping(wallStart, scenario.TimeScale);
        var simulation = Build(mapping, zone, ids, linkFor, output);
        var wallEnd = mapping.WallAt(mapping.StoryStart + scenario.Duration);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# scenario '{scenario.Name}': {DurationText.Format(scenario.Duration)} of story at time scale {scenario.TimeScale} = {DurationText.Format(wallEnd - wallStart)} real{(run.DryRun ? " (dry run: nothing is sent)" : "")}"));
        if (scenario.Description is { } description)
        {
            output.WriteLine($"# {description}");
        }

        var clock = run.DryRun ? SimulationClock.Instant(wallStart) : SimulationClock.Real(time);
        await simulation.RunAsync(clock, wallEnd, cancellationToken);
        var devices = simulation.Devices;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# done: {devices.Sum(d => d.Stats.Messages)} messages, {devices.Sum(d => d.Stats.Readings)} readings, {devices.Sum(d => d.Stats.Events)} events, {devices.Sum(d => d.Stats.Batches)} backlog uploads"));
        return 0;
    }

    /// <summary>Builds the patient's simulation: physiology, devices (links from <paramref name="linkFor"/>) and the scripted timeline.</summary>
    public PatientSimulation Build(
        TimeMapping mapping, TimeZoneInfo zone, IReadOnlyDictionary<DeviceKind, string> ids, Func<string, TimeMapping, IDeviceLink> linkFor, TextWriter? log)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(linkFor);
        var random = new Random(scenario.Seed);
        var start = mapping.At(mapping.WallStart);
        var physiology = new PatientPhysiology(scenario.Patient.Profile, zone, random, start);
        var devices = new Dictionary<DeviceKind, SimulatedDevice>();
        foreach (var spec in scenario.Devices)
        {
            var id = ids[spec.Kind];
            var settings = new DeviceSettings(id, spec.Kind, spec.Every, EveryOnStoryClock: spec.Kind == DeviceKind.Thermometer);
            var battery = new BatteryModel(random, spec.Battery, settings.BatteryDrainPerHour, start.Story, recharges: false);
            var connectivity = ConnectivityModel.Scripted();
            foreach (var outage in scenario.Events.OfType<OutageEvent>().Where(o => o.Device == spec.Kind))
            {
                // Added up front: the device schedules its reconnect from the windows it knows at start.
                connectivity.AddOutage(new OfflineWindow(start.Story + outage.At, outage.Duration));
            }

            devices[spec.Kind] = new SimulatedDevice(settings, linkFor(id, mapping), physiology, battery, connectivity, mapping, start);
        }

        var entries = scenario.Events.SelectMany(e => Entries(e, start.Story, physiology, devices));
        var timeline = new Timeline(entries, mapping, log);
        return new PatientSimulation(scenario.Patient.Name, [.. devices.Values], [timeline], mapping, log);
    }

    private static IEnumerable<TimelineEntry> Entries(
        ScenarioEvent scenarioEvent, DateTimeOffset storyStart, PatientPhysiology physiology, Dictionary<DeviceKind, SimulatedDevice> devices)
    {
        var at = storyStart + scenarioEvent.At;
        switch (scenarioEvent)
        {
            case TrendEvent trend:
                var schedule = trend.Metric switch
                {
                    MetricNames.Spo2 => physiology.Spo2.Baseline,
                    MetricNames.PulseRate => physiology.PulseBaseline,
                    _ => physiology.RespiratoryBaseline,
                };
                yield return Entry(at, $"{trend.Metric} baseline moves to {F(trend.To)} over {DurationText.Format(trend.Over)}", now =>
                    schedule.AddRamp(new LevelRamp(now.Story, trend.Over, trend.To)));
                break;
            case DesaturationEvent desaturation:
                yield return Entry(at, $"desaturation to {F(desaturation.Nadir)} % for {DurationText.Format(desaturation.Duration)} (real time)", now =>
                    physiology.Spo2.AddDesaturation(new DesaturationEpisode(now.Wall, desaturation.Duration, desaturation.Nadir)));
                break;
            case MotionArtefactEvent artefact:
                yield return Entry(at, $"motion artefact for {DurationText.Format(artefact.Duration)} (real time)", now =>
                    physiology.Artefacts.Add(now.Wall, artefact.Duration));
                break;
            case FeverEvent fever:
                yield return Entry(at, $"fever: rises over {DurationText.Format(fever.Rise)} to about {F(fever.Peak)} °C, plateau {DurationText.Format(fever.Plateau)}, falls over {DurationText.Format(fever.Fall)}", now =>
                    physiology.Temperature.AddFever(new FeverCourse(now.Story, fever.Peak, fever.Rise, fever.Plateau, fever.Fall)));
                break;
            case AntipyreticEvent antipyretic:
                for (var i = 0; i < antipyretic.Count; i++)
                {
                    yield return Entry(at + (antipyretic.Every * i), $"antipyretic dose {i + 1} of {antipyretic.Count}", now =>
                        physiology.Temperature.AddAntipyretic(new AntipyreticDose(now.Story, antipyretic.MaxDrop)));
                }

                break;
            case OutageEvent outage:
                yield return Entry(at, $"{DeviceKinds.WireName(outage.Device)} loses connectivity for {DurationText.Format(outage.Duration)}; it buffers and uploads one batch when back", _ => { });
                break;
            case SymptomEvent symptom:
                var button = devices[symptom.Device];
                yield return new TimelineEntry(at, $"patient reports {symptom.Value} on the {DeviceKinds.WireName(symptom.Device)}", (now, ct) =>
                    button.ReportAsync(new DeviceEvent(EventNames.Symptom, symptom.Value, null, now.Wall), now, ct));
                break;
            case AntigenEvent antigen:
                var reporter = devices[antigen.Device];
                yield return new TimelineEntry(at, $"antigen self-test {(antigen.Positive ? "positive" : "negative")}", (now, ct) =>
                    reporter.ReportAsync(new DeviceEvent(EventNames.Antigen, null, antigen.Positive, now.Wall), now, ct));
                break;
            case BatteryEvent battery:
                var device = devices[battery.Device];
                yield return Entry(at, $"{DeviceKinds.WireName(battery.Device)} battery at {F(battery.Level)} %", now =>
                    device.Battery.Set(now.Story, battery.Level));
                break;
            default:
                throw new InvalidOperationException($"Unknown scenario event {scenarioEvent.GetType().Name}.");
        }
    }

    private static TimelineEntry Entry(DateTimeOffset at, string description, Action<SimInstant> action) =>
        new(at, description, (now, _) =>
        {
            action(now);
            return Task.CompletedTask;
        });

    private async Task<IReadOnlyDictionary<string, string>> RegisterAsync(
        ScenarioRunOptions run, TimeZoneInfo zone, Dictionary<DeviceKind, string> ids, CancellationToken cancellationToken)
    {
        if (run.Hub is null || run.AdminUsername is null || run.AdminPassword is null)
        {
            throw new InvalidOperationException("A live scenario needs the hub's address and an administrator login.");
        }

        using var http = new HttpClient { BaseAddress = run.Hub, Timeout = TimeSpan.FromSeconds(30) };
        var hub = new HubClient(http);
        await hub.LoginAsync(run.AdminUsername, run.AdminPassword, cancellationToken);
        var registrar = new HubRegistrar(hub);
        var clinic = await registrar.EnsureClinicAsync(run.ClinicName ?? scenario.Clinic.Name, scenario.Clinic.TimeZone, cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        var patient = scenario.Patient;
        var spec = new PatientSpec(patient.Name, patient.BirthDateOn(today), patient.Sex, patient.UnderlyingDisease, patient.Vaccination, patient.Categories);
        var registered = await registrar.RegisterAsync(clinic.Id, spec, [.. ids.Select(p => (p.Value, p.Key))], startEpisode: true, cancellationToken);
        output.WriteLine($"# registered {patient.Name} in '{clinic.Name}': tier {registered.Patient.RiskTier}; devices {string.Join(", ", ids.Values)}");
        return registered.DeviceSecrets;
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
