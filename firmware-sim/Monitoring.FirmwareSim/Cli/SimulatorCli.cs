using System.CommandLine;
using System.Net.Sockets;
using Monitoring.FirmwareSim.Devices;
using Monitoring.FirmwareSim.Fleet;
using Monitoring.FirmwareSim.Hub;
using Monitoring.FirmwareSim.Load;
using Monitoring.FirmwareSim.Scenarios;
using MQTTnet.Exceptions;

namespace Monitoring.FirmwareSim.Cli;

/// <summary>The command line: <c>fleet</c>, <c>scenario</c> and <c>load</c> (see firmware-sim/README.md).</summary>
public static class SimulatorCli
{
    public static RootCommand Create(TextWriter output, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        var mqttHost = new Option<string>("--mqtt-host")
        {
            Description = "Broker host (env Mqtt__Host)",
            DefaultValueFactory = _ => EnvironmentDefaults.MqttHost,
            Recursive = true,
        };
        var mqttPort = new Option<int>("--mqtt-port")
        {
            Description = "Broker port (env MQTT_PORT, Mqtt__Port)",
            DefaultValueFactory = _ => EnvironmentDefaults.MqttPort,
            Recursive = true,
        };
        var mqttTls = new Option<bool>("--mqtt-tls")
        {
            Description = "Connect to the broker over TLS, as devices reach port 8883 (env Mqtt__Tls__Enabled)",
            DefaultValueFactory = _ => EnvironmentDefaults.MqttTls,
            Recursive = true,
        };
        var mqttCaFile = new Option<FileInfo?>("--mqtt-ca-file")
        {
            Description = "PEM file of the CA that signed the broker's certificate; implies --mqtt-tls (env Mqtt__Tls__CaFile; default the system's roots)",
            DefaultValueFactory = _ => EnvironmentDefaults.MqttCaFile is { } file ? new FileInfo(file) : null,
            Recursive = true,
        };
        var hub = new Option<Uri>("--hub")
        {
            Description = $"Hub base address (env HUB_URL or ASPNETCORE_URLS; default {EnvironmentDefaults.DefaultHub})",
            DefaultValueFactory = _ => new Uri(EnvironmentDefaults.Hub),
            CustomParser = r =>
            {
                var token = r.Tokens.Count == 1 ? r.Tokens[0].Value : null;
                if (Uri.TryCreate(token, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                {
                    return uri;
                }

                r.AddError($"--hub: '{token}' is not an http(s) address such as http://127.0.0.1:8080.");
                return null;
            },
            Recursive = true,
        };
        var adminUser = new Option<string>("--admin-user")
        {
            Description = "Hub administrator (env Admin__Username)",
            DefaultValueFactory = _ => EnvironmentDefaults.AdminUsername,
            Recursive = true,
        };
        // No default value: help would print it, and it may come from the environment.
        var adminPassword = new Option<string?>("--admin-password")
        {
            Description = "Hub administrator password (env Admin__Password; else the development password of scripts/run.sh)",
            Recursive = true,
        };

        var root = new RootCommand("Device fleet simulator of the remote patient-monitoring hub: fleet, scenario and load modes.")
        {
            mqttHost, mqttPort, mqttTls, mqttCaFile, hub, adminUser, adminPassword,
        };
        MqttEndpoint Endpoint(ParseResult r) => r.GetValue(mqttCaFile) is { } ca
            ? new(r.GetRequiredValue(mqttHost), r.GetValue(mqttPort), Tls: true, ca.FullName)
            : new(r.GetRequiredValue(mqttHost), r.GetValue(mqttPort), r.GetValue(mqttTls));

        root.Subcommands.Add(FleetCommand(output, time, hub, adminUser, adminPassword, Endpoint));
        root.Subcommands.Add(ScenarioCommand(output, time, hub, adminUser, adminPassword, Endpoint));
        root.Subcommands.Add(LoadCommand(output, time, hub, adminUser, adminPassword, Endpoint));
        return root;
    }

    private static Command FleetCommand(
        TextWriter output, TimeProvider time, Option<Uri> hub, Option<string> adminUser, Option<string?> adminPassword, Func<ParseResult, MqttEndpoint> endpoint)
    {
        var patients = CliOptions.Value("--patients", "Patients to register (each with an oximeter and a thermometer, some with a wearable)", 20);
        CliOptions.Positive(patients);
        var duration = CliOptions.Duration("--duration", "Real time to stream; 0 runs until Ctrl-C", TimeSpan.Zero);
        var timeScale = CliOptions.Value("--time-scale", "Story time per real time: fevers, trends, battery and thermometer cadence run this much faster", 1.0);
        CliOptions.Positive(timeScale);
        var oximeterEvery = CliOptions.Duration("--oximeter-every", "Real time between oximeter messages", TimeSpan.FromSeconds(5));
        var wearableEvery = CliOptions.Duration("--wearable-every", "Real time between wearable messages", TimeSpan.FromSeconds(10));
        var thermometerEvery = CliOptions.Duration("--thermometer-every", "Story time between thermometer readings", TimeSpan.FromMinutes(30));
        var clinic = CliOptions.Value("--clinic", "Clinic to use, by name (created if missing)", FleetOptions.DefaultClinicName);
        var timeZone = CliOptions.Value("--time-zone", "IANA time zone of a clinic created by the run", "Asia/Shanghai");
        var tierMix = new Option<TierMix>("--tier-mix")
        {
            Description = "Aimed shares of red,yellow,green patients (the hub decides each tier)",
            DefaultValueFactory = _ => TierMix.Default,
            CustomParser = r =>
            {
                var token = r.Tokens.Count == 1 ? r.Tokens[0].Value : null;
                if (TierMix.TryParse(token, out var mix))
                {
                    return mix;
                }

                r.AddError($"--tier-mix: '{token}' is not three non-negative numbers red,yellow,green such as 50,35,15.");
                return TierMix.Default;
            },
        };
        var wearableShare = CliOptions.Value("--wearable-share", "Share of patients who also wear a wearable (0-1)", 0.3);
        var outages = CliOptions.Value("--outages-per-day", "Connectivity outages per device per story day (1-30 min each; store-and-forward)", 2.0);
        var seed = CliOptions.Value("--seed", "Random seed: the same seed makes the same patients and readings", 1);
        var prefix = new Option<string?>("--device-prefix") { Description = "Start of the device ids (default: sim + the current UTC time, fresh per run)" };
        CliOptions.DevicePrefix(prefix);
        var dryRun = CliOptions.Value("--dry-run", "Print the patients and the SenML instead of registering and publishing (needs --duration)", false);

        var command = new Command("fleet", "Register N patients and their devices with the hub, then stream from every device over MQTT with its own credentials.")
        {
            patients, duration, timeScale, oximeterEvery, wearableEvery, thermometerEvery, clinic, timeZone, tierMix, wearableShare, outages, seed, prefix, dryRun,
        };
        command.SetAction((r, ct) => Guard(output, async () =>
        {
            if (r.GetValue(dryRun) && r.GetValue(duration) <= TimeSpan.Zero)
            {
                output.WriteLine("fleet: --dry-run needs a --duration (a dry run does not wait, so it would never end).");
                return 2;
            }

            var options = new FleetOptions
            {
                Hub = r.GetRequiredValue(hub),
                AdminUsername = r.GetRequiredValue(adminUser),
                AdminPassword = r.GetValue(adminPassword) ?? EnvironmentDefaults.AdminPassword,
                Mqtt = endpoint(r),
                ClinicName = r.GetRequiredValue(clinic),
                TimeZone = r.GetRequiredValue(timeZone),
                Patients = r.GetValue(patients),
                Duration = r.GetValue(duration),
                TimeScale = r.GetValue(timeScale),
                OximeterEvery = r.GetValue(oximeterEvery),
                WearableEvery = r.GetValue(wearableEvery),
                ThermometerEvery = r.GetValue(thermometerEvery),
                TierMix = r.GetRequiredValue(tierMix),
                WearableShare = Math.Clamp(r.GetValue(wearableShare), 0, 1),
                OutagesPerDay = Math.Max(0, r.GetValue(outages)),
                Seed = r.GetValue(seed),
                DevicePrefix = r.GetValue(prefix) ?? CliOptions.FreshPrefix("sim", time),
                DryRun = r.GetValue(dryRun),
            };
            return await new FleetRunner(options, output, time).RunAsync(ct);
        }));
        return command;
    }

    private static Command ScenarioCommand(
        TextWriter output, TimeProvider time, Option<Uri> hub, Option<string> adminUser, Option<string?> adminPassword, Func<ParseResult, MqttEndpoint> endpoint)
    {
        var file = new Argument<FileInfo>("file") { Description = "Scenario file (JSON), e.g. firmware-sim/scenarios/silent-hypoxia.json" };
        var dryRun = CliOptions.Value("--dry-run", "Print the SenML the scenario would publish, with real and story times, without waiting or connecting", false);
        var start = new Option<DateTimeOffset?>("--start") { Description = "Real start time of a dry run (ISO-8601; default now), for reproducible output" };
        var prefix = new Option<string?>("--device-prefix") { Description = "Start of the device ids (default: scn + the current UTC time)" };
        CliOptions.DevicePrefix(prefix);
        var clinic = new Option<string?>("--clinic") { Description = "Clinic name (default: the scenario's)" };

        var command = new Command("scenario", "Play a clinical story from a scenario file in compressed time, against the hub and broker or as a dry run.")
        {
            file, dryRun, start, prefix, clinic,
        };
        command.SetAction((r, ct) => Guard(output, async () =>
        {
            var scenario = ScenarioParser.ParseFile(r.GetRequiredValue(file).FullName);
            var options = new ScenarioRunOptions
            {
                DryRun = r.GetValue(dryRun),
                Hub = r.GetRequiredValue(hub),
                AdminUsername = r.GetRequiredValue(adminUser),
                AdminPassword = r.GetValue(adminPassword) ?? EnvironmentDefaults.AdminPassword,
                Mqtt = endpoint(r),
                DevicePrefix = r.GetValue(prefix) ?? CliOptions.FreshPrefix("scn", time),
                Start = r.GetValue(start),
                ClinicName = r.GetValue(clinic),
            };
            return await new ScenarioPlayer(scenario, output, time).PlayAsync(options, ct);
        }));
        return command;
    }

    private static Command LoadCommand(
        TextWriter output, TimeProvider time, Option<Uri> hub, Option<string> adminUser, Option<string?> adminPassword, Func<ParseResult, MqttEndpoint> endpoint)
    {
        var devices = CliOptions.Value("--devices", "Simulated devices (spread over the connections)", 1000);
        CliOptions.Positive(devices);
        var rate = CliOptions.Value("--rate", "Messages per second in total (each SpO2 + pulse)", 1000.0);
        CliOptions.Positive(rate);
        var connections = CliOptions.Value("--connections", "MQTT connections, each publishing for many devices", 4);
        CliOptions.Positive(connections);
        var duration = CliOptions.Duration("--duration", "Real time to run; 0 runs until Ctrl-C", TimeSpan.FromSeconds(60));
        var mqttUser = CliOptions.Value("--mqtt-user", "Broker account that may publish on every device topic", "admin");
        var mqttPassword = new Option<string?>("--mqtt-password")
        {
            Description = "Its password (env MQTT_ADMIN_PASSWORD; else the development password of services.sh)",
        };
        var prefix = new Option<string?>("--device-prefix") { Description = "Start of the device ids (default 'load', or a fresh one with --register)" };
        CliOptions.DevicePrefix(prefix);
        var maxPending = CliOptions.Value("--max-pending", "Messages per connection waiting for PUBACK at most", 1000);
        CliOptions.Positive(maxPending);
        var seed = CliOptions.Value("--seed", "Random seed", 1);
        var desatAt = CliOptions.Durations("--desat-at", "Inject a desaturation at these times after the start");
        var desatEvery = CliOptions.Duration("--desat-every", "Inject a desaturation this often; 0 for none", TimeSpan.Zero);
        var desatReadings = CliOptions.Value("--desat-readings", "Consecutive messages of the device that carry each desaturation", 3);
        CliOptions.Positive(desatReadings);
        var desatNadir = CliOptions.Value("--desat-nadir", "SpO2 of the injected readings", 88.0);
        var desatReport = new Option<string?>("--desat-report") { Description = "CSV file for the publish times of the desaturation readings" };
        var register = CliOptions.Value("--register", "Register the devices with the hub first (one patient each, assigned, home treatment started)", false);

        var command = new Command("load", "Publish D devices' readings at R messages/s over C connections with fixed-rate pacing, for throughput and alarm-latency benchmarks.")
        {
            devices, rate, connections, duration, mqttUser, mqttPassword, prefix, maxPending, seed, desatAt, desatEvery, desatReadings, desatNadir, desatReport, register,
        };
        command.SetAction((r, ct) => Guard(output, async () =>
        {
            var registerWithHub = r.GetValue(register);
            var options = new LoadOptions
            {
                Mqtt = endpoint(r),
                Username = r.GetRequiredValue(mqttUser),
                Password = r.GetValue(mqttPassword) ?? EnvironmentDefaults.MqttAdminPassword,
                Devices = r.GetValue(devices),
                Rate = r.GetValue(rate),
                Connections = r.GetValue(connections),
                Duration = r.GetValue(duration),
                DevicePrefix = r.GetValue(prefix) ?? (registerWithHub ? CliOptions.FreshPrefix("load", time) : "load"),
                MaxPending = r.GetValue(maxPending),
                Seed = r.GetValue(seed),
                DesaturationAt = r.GetValue(desatAt) ?? [],
                DesaturationEvery = r.GetValue(desatEvery),
                DesaturationReadings = r.GetValue(desatReadings),
                DesaturationNadir = r.GetValue(desatNadir),
                DesaturationReport = r.GetValue(desatReport),
                RegisterWithHub = registerWithHub ? r.GetRequiredValue(hub) : null,
                AdminUsername = r.GetValue(adminUser),
                AdminPassword = r.GetValue(adminPassword) ?? EnvironmentDefaults.AdminPassword,
            };
            return await new LoadRunner(options, output, time).RunAsync(ct);
        }));
        return command;
    }

    /// <summary>Expected failures (a refused login, an unreachable broker, a bad scenario) as one clear line and exit code 1, not a stack trace.</summary>
    private static async Task<int> Guard(TextWriter output, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ScenarioException ex)
        {
            output.WriteLine(ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is HubApiException or MqttRefusedException or MqttCommunicationException or SocketException or IOException or TimeoutException or TimeZoneNotFoundException)
        {
            output.WriteLine($"error: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            output.WriteLine("stopped.");
            return 130;
        }
    }
}
