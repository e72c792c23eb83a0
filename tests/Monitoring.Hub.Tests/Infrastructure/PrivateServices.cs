
namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// A private stack of real services for tests that stop or restart them (so other test classes on
/// the shared test stack are not disturbed): scripts/services.sh with its own data folder under
/// .local/ and free ports. The same script as the development and test stacks, so it is the one
/// copy of how Mosquitto (dynamic security, persistence, queue limits) and InfluxDB are run.
/// </summary>
public sealed class PrivateServices : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);
    private readonly string _script;
    private string? _mosquittoExtra;

    private PrivateServices(string repositoryRoot)
    {
        _script = Path.Combine(repositoryRoot, "scripts", "services.sh");
        DataDirectory = Path.Combine(repositoryRoot, ".local", "test-private", Guid.NewGuid().ToString("N")[..12]);
        MqttPort = FreePort.Find();
        InfluxPort = FreePort.Find();
        InfluxRpcPort = FreePort.Find();
    }

    public string DataDirectory { get; }

    public int MqttPort { get; }

    public int InfluxPort { get; }

    public int InfluxRpcPort { get; }

    public Uri InfluxUrl => new($"http://127.0.0.1:{InfluxPort}");

    public const string HubPassword = "dev-mqtt-hub";
    public const string AdminPassword = "dev-mqtt-admin";

    public static async Task<PrivateServices> StartAsync(params string[] services)
    {
        var root = RepositoryRoot();
        var stack = new PrivateServices(root);
        await stack.RunAsync("up", services);
        return stack;
    }

    /// <summary>As <see cref="StartAsync(string[])"/>, with lines appended to the broker's configuration (services.sh MOSQUITTO_EXTRA_CONF).</summary>
    public static async Task<PrivateServices> StartWithBrokerConfigAsync(IReadOnlyList<string> mosquittoLines, params string[] services)
    {
        var root = RepositoryRoot();
        var stack = new PrivateServices(root);
        Directory.CreateDirectory(stack.DataDirectory);
        stack._mosquittoExtra = Path.Combine(stack.DataDirectory, "mosquitto-extra.conf");
        await File.WriteAllLinesAsync(stack._mosquittoExtra, mosquittoLines);
        await stack.RunAsync("up", services);
        return stack;
    }

    public Task StopAsync(string service) => RunAsync("down", [service]);

    public Task StartServiceAsync(string service) => RunAsync("up", [service]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("down", ["mosquitto", "influxdb"]);
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Left under the git-ignored .local folder.
        }
    }

    private async Task RunAsync(string command, IEnumerable<string> services)
    {
        var arguments = new List<string> { "-c", $"MON_DATA_DIR='{DataDirectory}' MQTT_PORT={MqttPort} INFLUX_PORT={InfluxPort} INFLUX_RPC_PORT={InfluxRpcPort} "
            + $"MQTT_ADMIN_PASSWORD={AdminPassword} MQTT_HUB_PASSWORD={HubPassword} "
            + (_mosquittoExtra is null ? "" : $"MOSQUITTO_EXTRA_CONF='{_mosquittoExtra}' ")
            + $"bash '{_script}' {command} {string.Join(' ', services)}" };
        var result = await ExternalProcess.RunAsync("bash", arguments, CommandTimeout);
        result.EnsureSuccess($"services.sh {command} {string.Join(' ', services)}");
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Monitoring.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tests must run from a checkout (no Monitoring.sln above " + AppContext.BaseDirectory + ").");
    }
}
