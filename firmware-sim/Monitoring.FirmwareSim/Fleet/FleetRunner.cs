using System.Globalization;
using Monitoring.Domain.Risk;
using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Engine;
using Monitoring.FirmwareSim.Hub;
using Monitoring.FirmwareSim.Physiology;
using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Fleet;

/// <summary>
/// Fleet mode: makes N patients, registers them with their devices through the hub's API (admin
/// login, clinic found or created, devices assigned, home treatment started), prints the tier
/// spread the hub returned, then streams from every device over its own MQTT connection until the
/// duration is over or Ctrl-C.
/// </summary>
public sealed class FleetRunner(FleetOptions options, TextWriter output, TimeProvider time)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var wallStart = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(wallStart, zone).DateTime);
        var generator = new PatientGenerator(options.Seed, today, options.TierMix, options.WearableShare);
        var patients = Enumerable.Range(0, options.Patients).Select(_ => generator.Next()).ToList();

        IReadOnlyDictionary<string, string>? secrets = null;
        if (options.DryRun)
        {
            output.WriteLine($"Dry run: {patients.Count} patients, nothing registered; tiers as the domain calculator gives them:");
            foreach (var patient in patients)
            {
                output.WriteLine($"  {Describe(patient, today)} → {Tier(patient.ExpectedTier)}");
            }

            PrintSpread(patients.Select(p => Tier(p.ExpectedTier)).ToList(), "expected");
        }
        else
        {
            secrets = await RegisterAsync(patients, today, cancellationToken);
        }

        var mapping = new TimeMapping(wallStart, options.TimeScale);
        var simulations = patients.Select(p => Build(p, mapping, zone, secrets)).ToList();
        var wallEnd = options.Duration > TimeSpan.Zero ? wallStart + options.Duration : (DateTimeOffset?)null;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Streaming from {simulations.Sum(s => s.Devices.Count)} devices (time scale {options.TimeScale}, oximeters every {DurationText.Format(options.OximeterEvery)}, thermometers every {DurationText.Format(options.ThermometerEvery)} of story time){(wallEnd is null ? "; Ctrl-C stops" : $" for {DurationText.Format(options.Duration)}")}."));

        var failures = 0;
        if (options.DryRun)
        {
            // One instant clock per patient, one patient after the other: output stays readable.
            foreach (var simulation in simulations)
            {
                failures += await RunOneAsync(simulation, SimulationClock.Instant(wallStart), wallEnd, cancellationToken);
            }
        }
        else
        {
            using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var progress = ReportProgressAsync(simulations, progressStop.Token);
            var results = await Task.WhenAll(simulations.Select(s => RunOneAsync(s, SimulationClock.Real(time), wallEnd, cancellationToken)));
            failures = results.Sum();
            await progressStop.CancelAsync();
            await progress;
        }

        PrintTotals(simulations);
        return failures == 0 ? 0 : 1;
    }

    private async Task<IReadOnlyDictionary<string, string>> RegisterAsync(List<GeneratedPatient> patients, DateOnly today, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = options.Hub, Timeout = TimeSpan.FromSeconds(30) };
        var hub = new HubClient(http);
        await hub.LoginAsync(options.AdminUsername, options.AdminPassword, cancellationToken);
        var registrar = new HubRegistrar(hub);
        var clinic = await registrar.EnsureClinicAsync(options.ClinicName, options.TimeZone, cancellationToken);
        output.WriteLine($"Clinic '{clinic.Name}' ({clinic.Id}, {clinic.TimeZone}); registering {patients.Count} patients with their devices:");

        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        var tiers = new List<string>();
        var unexpected = 0;
        foreach (var patient in patients)
        {
            var registered = await registrar.RegisterAsync(clinic.Id, patient.Spec, DevicesOf(patient), startEpisode: true, cancellationToken);
            foreach (var (id, secret) in registered.DeviceSecrets)
            {
                secrets[id] = secret;
            }

            var hubTier = registered.Patient.RiskTier;
            tiers.Add(hubTier);
            if (hubTier != Tier(patient.ExpectedTier))
            {
                unexpected++;
            }

            var basis = registered.Patient.RiskBasis is { } b ? (b.Row is not null ? $"row {b.Row}" : $"score {b.Score}") : "?";
            output.WriteLine($"  {Describe(patient, today)} → {hubTier} ({basis}); devices {string.Join(", ", registered.DeviceSecrets.Keys)}");
        }

        PrintSpread(tiers, "returned by the hub");
        if (unexpected > 0)
        {
            output.WriteLine($"  note: {unexpected} tier(s) differ from the domain calculator's (clinic-local date or hub rules changed?)");
        }

        return secrets;
    }

    private PatientSimulation Build(GeneratedPatient patient, TimeMapping mapping, TimeZoneInfo zone, IReadOnlyDictionary<string, string>? secrets)
    {
        var random = new Random(unchecked((options.Seed * 7919) + patient.Index));
        var start = mapping.At(mapping.WallStart);
        var physiology = new PatientPhysiology(patient.Profile, zone, random, start);
        if (patient.Fever is { } fever)
        {
            physiology.Temperature.AddFever(new FeverCourse(start.Story + fever.Onset, fever.Peak, fever.Rise, fever.Plateau, fever.Fall));
        }

        var devices = new List<SimulatedDevice>();
        foreach (var (id, kind) in DevicesOf(patient))
        {
            var settings = DeviceSettings.Default(id, kind, kind == DeviceKind.Wearable ? options.WearableEvery : options.OximeterEvery, options.ThermometerEvery);
            IDeviceLink link = secrets is null
                ? new DryRunDeviceLink(id, output, mapping)
                : new MqttDeviceLink(options.Mqtt, id, secrets[id]);
            var battery = new BatteryModel(random, Draw.Uniform(random, 40, 100), settings.BatteryDrainPerHour, start.Story, recharges: true);
            var connectivity = ConnectivityModel.WithRandomOutages(
                random, options.OutagesPerDay / 24, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(30), start.Story);

            // Spread first samples over one period so a fleet does not publish in lockstep.
            var phase = random.NextDouble();
            var first = settings.EveryOnStoryClock
                ? new SimInstant(mapping.WallAt(start.Story + (settings.Every * phase)), start.Story + (settings.Every * phase))
                : mapping.At(start.Wall + (settings.Every * phase));
            devices.Add(new SimulatedDevice(settings, link, physiology, battery, connectivity, mapping, first));
        }

        var button = devices.FirstOrDefault(d => d.Kind == DeviceKind.Oximeter);
        var habits = new PatientHabits(physiology, button, random, mapping, patient.SelfMedicates, mapping.WallStart);
        return new PatientSimulation(patient.Spec.Name, devices, [habits], mapping, output);
    }

    private List<(string Id, DeviceKind Kind)> DevicesOf(GeneratedPatient patient)
    {
        var list = new List<(string, DeviceKind)>
        {
            (DeviceId(DeviceKind.Oximeter, patient.Index), DeviceKind.Oximeter),
            (DeviceId(DeviceKind.Thermometer, patient.Index), DeviceKind.Thermometer),
        };
        if (patient.HasWearable)
        {
            list.Add((DeviceId(DeviceKind.Wearable, patient.Index), DeviceKind.Wearable));
        }

        return list;
    }

    private string DeviceId(DeviceKind kind, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{options.DevicePrefix}-{DeviceKinds.IdCode(kind)}-{index:000}");

    private async Task<int> RunOneAsync(PatientSimulation simulation, SimulationClock clock, DateTimeOffset? wallEnd, CancellationToken cancellationToken)
    {
        try
        {
            await simulation.RunAsync(clock, wallEnd, cancellationToken);
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            output.WriteLine($"{simulation.Label}: stopped by an error: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }

    private async Task ReportProgressAsync(List<PatientSimulation> simulations, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        try
        {
            while (true)
            {
                await Task.Delay(ProgressEvery, time, cancellationToken);
                var devices = simulations.SelectMany(s => s.Devices).ToList();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{DurationText.Format(TimeSpan.FromSeconds(Math.Round((time.GetUtcNow() - started).TotalSeconds)))}] messages {devices.Sum(d => d.Stats.Messages)}, readings {devices.Sum(d => d.Stats.Readings)}, offline now {devices.Count(d => !d.IsOnline)}, backlog uploads {devices.Sum(d => d.Stats.Batches)}, events {devices.Sum(d => d.Stats.Events)}"));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped with the run.
        }
    }

    private void PrintTotals(List<PatientSimulation> simulations)
    {
        var devices = simulations.SelectMany(s => s.Devices).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done: {devices.Count} devices published {devices.Sum(d => d.Stats.Messages)} messages ({devices.Sum(d => d.Stats.Readings)} readings, {devices.Sum(d => d.Stats.Events)} events); {devices.Sum(d => d.Stats.Outages)} outages, {devices.Sum(d => d.Stats.Batches)} backlog uploads (largest {devices.Select(d => d.Stats.LargestBatch).DefaultIfEmpty().Max()} readings)."));
    }

    private void PrintSpread(IReadOnlyList<string> tiers, string what)
    {
        var total = Math.Max(1, tiers.Count);
        var parts = new[] { "red", "yellow", "green" }.Select(t =>
        {
            var n = tiers.Count(x => x == t);
            return string.Create(CultureInfo.InvariantCulture, $"{t} {n} ({100.0 * n / total:0}%)");
        });
        output.WriteLine($"Tier spread {what}: {string.Join(", ", parts)} (aimed at {options.TierMix} red,yellow,green)");
    }

    private static string Describe(GeneratedPatient patient, DateOnly today)
    {
        var age = Age.InWholeYears(patient.Spec.BirthDate, today);
        var extras = new List<string>();
        if (patient.HasWearable)
        {
            extras.Add("wearable");
        }

        if (patient.Fever is { } fever)
        {
            var length = TimeSpan.FromMinutes(Math.Round((fever.Rise + fever.Plateau + fever.Fall).TotalMinutes));
            extras.Add(string.Create(CultureInfo.InvariantCulture, $"fever {fever.Peak:0.0}°C for {DurationText.Format(length)}{(fever.Onset < TimeSpan.Zero ? ", began before the start" : "")}"));
        }

        if (patient.Profile.HypoxicDrive < 0.5)
        {
            extras.Add("silent hypoxia");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{patient.Index,3} {patient.Spec.Name,-6} {age,3}y {patient.Spec.Sex,-6} {patient.Spec.UnderlyingDisease}/{patient.Spec.Vaccination} SpO2 {patient.Profile.Spo2Baseline:0.0}{(extras.Count > 0 ? " [" + string.Join(", ", extras) + "]" : "")}");
    }

    private static string Tier(RiskTier tier) => tier switch
    {
        RiskTier.Green => "green",
        RiskTier.Yellow => "yellow",
        _ => "red",
    };
}
