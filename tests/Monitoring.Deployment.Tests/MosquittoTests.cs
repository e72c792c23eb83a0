using System.Globalization;
using System.Text.RegularExpressions;
using MQTTnet;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Deployment.Tests;

/// <summary>
/// The compose stack's broker: its configuration keeps the choices of the local one, and the scripts
/// and certificates it relies on work with the real Mosquitto 2 (the container's paths aside).
/// </summary>
public sealed partial class MosquittoTests : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("deploy-mosquitto-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheComposeBrokerKeepsTheLocalBrokersPersistenceQueueLimitsAndDynamicSecurity()
    {
        var deployed = Repository.ReadSettings("deploy/mosquitto/mosquitto.conf");
        var local = Repository.ReadSettings("scripts/services/mosquitto.conf.template");

        foreach (var key in new[] { "persistence", "max_queued_messages", "max_queued_bytes", "max_inflight_messages", "sys_interval", "allow_anonymous", "per_listener_settings", "autosave_interval" })
        {
            Assert.True(deployed.TryGetValue(key, out var value) && value == local[key], $"{key}: compose {deployed.GetValueOrDefault(key)}, local {local[key]}");
        }

        Assert.EndsWith("mosquitto_dynamic_security.so", deployed["plugin"], StringComparison.Ordinal);
        // No count limit in effect (Mosquitto 2.0.11 drops acknowledged QoS 1 messages past it; 0 would
        // disconnect a device whose publish is denied, docs/ingestion.md);
        // a byte limit protects the broker's memory instead, and its drops raise ingest_data_lost.
        Assert.Equal(int.MaxValue.ToString(CultureInfo.InvariantCulture), deployed["max_queued_messages"]);
        Assert.True(long.Parse(deployed["max_queued_bytes"], CultureInfo.InvariantCulture) >= 64L * 1024 * 1024);
        Assert.True(int.Parse(deployed["sys_interval"], CultureInfo.InvariantCulture) is > 0 and <= 5, "the hub's drop alarm waits for $SYS");
    }

    [Fact]
    public void TheContainersPathsMeetTheMountsOfTheComposeFile()
    {
        var deployed = Repository.ReadSettings("deploy/mosquitto/mosquitto.conf");
        var start = Repository.Read("deploy/mosquitto/start.sh");
        var init = Repository.Read("deploy/mosquitto/dynsec-init.sh");
        var mounts = ComposeFile.List(ComposeFile.Load().Service("mosquitto"), "volumes").Select(v => v.Split(':')).ToDictionary(p => p[1], p => p[0]);

        Assert.Equal("./deploy/mosquitto/mosquitto.conf", mounts[ConfigPath().Match(start).Groups[1].Value]);
        Assert.Equal("./deploy/mosquitto/certs", mounts[MountedCerts().Match(start).Groups[1].Value]);
        foreach (var file in new[] { deployed["certfile"], deployed["keyfile"], deployed["cafile"] })
        {
            Assert.Contains($"\"$src/{Path.GetFileName(file)}\"", start, StringComparison.Ordinal);
            Assert.Equal("/mosquitto/certs", Path.GetDirectoryName(file));
        }

        // The dynamic-security file lives in the data volume, where the broker may rewrite it.
        Assert.Equal("mosquitto-data", mounts[Path.GetDirectoryName(deployed["plugin_opt_config_file"])!]);
        Assert.Contains($"file=${{DYNSEC_FILE:-{deployed["plugin_opt_config_file"]}}}", init, StringComparison.Ordinal);
        Assert.Equal("mosquitto-data", mounts[deployed["persistence_location"].TrimEnd('/')]);
    }

    [Fact]
    public async Task TheDynsecScriptsGiveTheHubItsAccountOnAFreshBrokerAndCanRunAgain()
    {
        var dynsec = Path.Combine(_folder, "dynamic-security.json");
        var admin = new Dictionary<string, string> { ["DYNSEC_FILE"] = dynsec, ["MQTT_ADMIN_PASSWORD"] = "admin-pw-1" };

        (await ShellAsync("deploy/mosquitto/dynsec-init.sh", admin)).EnsureSuccess("dynsec-init.sh");
        var created = await File.ReadAllTextAsync(dynsec, TestContext.Current.CancellationToken);
        var again = (await ShellAsync("deploy/mosquitto/dynsec-init.sh", admin)).EnsureSuccess("dynsec-init.sh again");
        Assert.Equal(created, await File.ReadAllTextAsync(dynsec, TestContext.Current.CancellationToken));
        Assert.Contains("nothing to do", again.StandardOutput, StringComparison.Ordinal);

        var port = TemporaryBroker.FreePort();
        await using var broker = await TemporaryBroker.StartAsync(_folder, port,
            $"per_listener_settings false\nallow_anonymous false\nlistener {port} 127.0.0.1\nplugin {TemporaryBroker.DynsecPlugin}\nplugin_opt_config_file {dynsec}");
        var setup = new Dictionary<string, string>
        {
            ["MQTT_HOST"] = "127.0.0.1",
            ["MQTT_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["MQTT_ADMIN_PASSWORD"] = "admin-pw-1",
            ["MQTT_HUB_PASSWORD"] = "hub-pw-1",
        };

        (await ShellAsync("deploy/mosquitto/dynsec-setup.sh", setup)).EnsureSuccess("dynsec-setup.sh");
        (await ShellAsync("deploy/mosquitto/dynsec-setup.sh", setup)).EnsureSuccess("dynsec-setup.sh again");
        string version;
        MqttClientSubscribeResultCode sharedGrant, otherGrant;
        MqttClientPublishReasonCode devicePublish;
        await using (var hub = await BrokerProbe.ConnectAsync(port, "hub", "hub-pw-1"))
        {
            Assert.True(hub.Connected, $"the hub's account: {hub.ConnectResult} {hub.Failure}");
            version = await hub.FirstMessageAsync("$SYS/broker/version");
            sharedGrant = await hub.SubscribeAsync("$share/hubs/rpm/v1/devices/#");
            otherGrant = await hub.SubscribeAsync("clinic/other/#");
            devicePublish = await hub.PublishAsync("rpm/v1/devices/dev-1/telemetry", "[]");
        }

        (await ShellAsync("deploy/mosquitto/dynsec-setup.sh", new(setup) { ["MQTT_HUB_PASSWORD"] = "hub-pw-2" })).EnsureSuccess("dynsec-setup.sh with a new hub password");
        await using var oldPassword = await BrokerProbe.ConnectAsync(port, "hub", "hub-pw-1");
        await using var newPassword = await BrokerProbe.ConnectAsync(port, "hub", "hub-pw-2");
        var versionAgain = newPassword.Connected ? await newPassword.FirstMessageAsync("$SYS/broker/version") : "";
        var wrongAdmin = await ShellAsync("deploy/mosquitto/dynsec-setup.sh", new(setup) { ["MQTT_ADMIN_PASSWORD"] = "not-the-password" });

        Assert.StartsWith("mosquitto version", version, StringComparison.Ordinal);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, sharedGrant);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, otherGrant);
        // The hub reads the devices' topics; it may not write on them.
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, devicePublish);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, oldPassword.ConnectResult);
        Assert.Equal(versionAgain, version);
        Assert.NotEqual(0, wrongAdmin.ExitCode);
    }

    [Fact]
    public async Task GenCertsMakesACertificateMosquittosTlsListenerServesForEveryNameGiven()
    {
        var certs = Path.Combine(_folder, "certs");
        var other = Path.Combine(_folder, "other");
        (await RunAsync("bash", [Repository.PathOf("scripts/gen-certs.sh"), "--out", certs, "localhost", "127.0.0.1"], [])).EnsureSuccess("gen-certs.sh");
        (await RunAsync("bash", [Repository.PathOf("scripts/gen-certs.sh"), "--out", other], [])).EnsureSuccess("gen-certs.sh for another CA");
        var caBefore = await File.ReadAllTextAsync(Path.Combine(certs, "ca.crt"), TestContext.Current.CancellationToken);
        (await RunAsync("bash", [Repository.PathOf("scripts/gen-certs.sh"), "--out", certs, "localhost", "127.0.0.1"], [])).EnsureSuccess("gen-certs.sh again");

        var port = TemporaryBroker.FreePort();
        await using var broker = await TemporaryBroker.StartAsync(_folder, port,
            $"allow_anonymous true\nlistener {port} 127.0.0.1\ncertfile {certs}/server.crt\nkeyfile {certs}/server.key\ncafile {certs}/ca.crt\ntls_version tlsv1.2");
        var byName = await PublishOverTlsAsync(port, "localhost", Path.Combine(certs, "ca.crt"));
        var byAddress = await PublishOverTlsAsync(port, "127.0.0.1", Path.Combine(certs, "ca.crt"));
        await using var untrusted = await BrokerProbe.ConnectAsync(port, tlsHost: "localhost", caFile: Path.Combine(other, "ca.crt"));

        Assert.Equal(caBefore, await File.ReadAllTextAsync(Path.Combine(certs, "ca.crt"), TestContext.Current.CancellationToken));
        Assert.Equal(MqttClientPublishReasonCode.NoMatchingSubscribers, byName);
        Assert.Equal(MqttClientPublishReasonCode.NoMatchingSubscribers, byAddress);
        Assert.Null(untrusted.ConnectResult);
        Assert.Contains("certificate", untrusted.Failure, StringComparison.OrdinalIgnoreCase);
    }

    private static Task<ExternalProcessResult> ShellAsync(string script, Dictionary<string, string> environment) =>
        RunAsync("sh", [Repository.PathOf(script)], environment);

    /// <summary>A QoS 1 publish over TLS, the broker's certificate checked against <paramref name="caFile"/> for <paramref name="host"/>: the PUBACK's reason code.</summary>
    private static async Task<MqttClientPublishReasonCode> PublishOverTlsAsync(int port, string host, string caFile)
    {
        await using var probe = await BrokerProbe.ConnectAsync(port, tlsHost: host, caFile: caFile);
        Assert.True(probe.Connected, $"TLS to {host}: {probe.ConnectResult} {probe.Failure}");
        return await probe.PublishAsync("tls/check", "x");
    }

    /// <summary>Runs a command with extra environment variables (ExternalProcess has none, so through env(1)).</summary>
    private static Task<ExternalProcessResult> RunAsync(string command, IEnumerable<string> arguments, Dictionary<string, string> environment) =>
        ExternalProcess.RunAsync("env", [.. environment.Select(e => $"{e.Key}={e.Value}"), command, .. arguments], CommandTimeout, cancellationToken: TestContext.Current.CancellationToken);

    [GeneratedRegex(@"mosquitto -c (\S+)")]
    private static partial Regex ConfigPath();

    [GeneratedRegex(@"^src=(\S+)$", RegexOptions.Multiline)]
    private static partial Regex MountedCerts();
}
