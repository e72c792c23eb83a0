using System.Globalization;
using Monitoring.Mqtt.Tests.Integration;

namespace Monitoring.Mqtt.Benchmarks;

/// <summary>The benchmark's private broker and how each kind of client reaches it.</summary>
public sealed class BenchBroker : IAsyncDisposable
{
    public const string User = "bench";
    public const string Password = "bench-secret";

    private BenchBroker(MosquittoProcess process) => Process = process;

    public MosquittoProcess Process { get; }

    public static async Task<BenchBroker> StartAsync(CancellationToken cancellationToken)
    {
        var process = await MosquittoProcess.CreateAsync(
            new MosquittoSettings
            {
                DataRoot = MosquittoSettings.LocalDataRoot(Path.Combine("bench", "mqtt")),
                Users = new Dictionary<string, string> { [User] = Password },
                AclLines = [$"user {User}", "topic readwrite #"],
                // No debug lines: one per packet would cost the broker more than the traffic.
                // "subscribe" logs "<client id> <qos> <filter>" for each subscription, which
                // tells when a mosquitto_sub is ready.
                LogTypes = ["error", "warning", "notice", "information", "subscribe"],
            },
            cancellationToken);
        await process.StartAsync(cancellationToken);
        return new BenchBroker(process);
    }

    public MqttClientOptions ClientOptions(string clientId, TimeSpan? keepAlive = null) => new()
    {
        Host = Process.Host,
        Port = Process.Port,
        ClientId = clientId,
        Username = User,
        Password = Password,
        KeepAlive = keepAlive ?? TimeSpan.FromSeconds(30),
        AutoReconnect = false,
    };

    /// <summary>Connection arguments for mosquitto_pub and mosquitto_sub.</summary>
    public IEnumerable<string> CliArguments(string clientId) =>
    [
        "-h", Process.Host, "-p", Process.Port.ToString(CultureInfo.InvariantCulture),
        "-u", User, "-P", Password, "-V", "mqttv311", "-i", clientId,
    ];

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
