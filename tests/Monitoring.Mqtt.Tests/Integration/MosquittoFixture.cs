namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>
/// A private Mosquitto per test class (tests stop, kill and pause it, so it must not be the
/// development or test stack's broker). Users: <c>alice</c> and <c>bob</c> may read and write
/// everything; <c>dev-0001</c> may only publish under its own device topic and read its own
/// commands, as device accounts do in production (docs/conventions.md). A plain listener and two
/// TLS listeners.
/// </summary>
public sealed class MosquittoFixture : IAsyncLifetime
{
    public const string DeviceId = "dev-0001";

    private static readonly Dictionary<string, string> Passwords = new()
    {
        ["alice"] = "alice-secret",
        ["bob"] = "bob-secret",
        [DeviceId] = "dev-0001-secret",
    };

    private MosquittoProcess? _broker;

    public MosquittoProcess Broker => _broker ?? throw new InvalidOperationException("The fixture has not been initialized.");

    public static string PasswordOf(string user) => Passwords[user];

    public async ValueTask InitializeAsync()
    {
        _broker = await MosquittoProcess.CreateAsync(
            new MosquittoSettings
            {
                DataRoot = MosquittoSettings.LocalDataRoot(Path.Combine("test", "mqtt-it")),
                Users = Passwords,
                AclLines =
                [
                    "user alice",
                    "topic readwrite #",
                    "topic read $SYS/#",
                    "",
                    "user bob",
                    "topic readwrite #",
                    "",
                    $"user {DeviceId}",
                    $"topic write rpm/v1/devices/{DeviceId}/#",
                    $"topic read rpm/v1/devices/{DeviceId}/commands/#",
                ],
                EnableTls = true,
                // Sessions reach mosquitto.db within a second, so a SIGKILL (which saves nothing)
                // can still come back with them: the DUP retransmission test needs that.
                ExtraConfig = ["autosave_interval 1"],
            },
            CancellationToken.None);
        await _broker.StartAsync();
    }

    /// <summary>Options for a client of this broker; auto-reconnect is off unless a test is about it.</summary>
    public MqttClientOptions ClientOptions(
        string? user = "alice",
        string? clientId = null,
        bool cleanSession = true,
        bool autoReconnect = false,
        TimeSpan? keepAlive = null,
        string? password = null,
        int? port = null,
        MqttTlsOptions? tls = null) =>
        new()
        {
            Host = Broker.Host,
            Port = port ?? Broker.Port,
            ClientId = clientId ?? NewClientId(),
            Username = user,
            Password = password ?? (user is not null && Passwords.TryGetValue(user, out var known) ? known : null),
            CleanSession = cleanSession,
            AutoReconnect = autoReconnect,
            KeepAlive = keepAlive ?? TimeSpan.FromSeconds(30),
            // Short, so a test that restarts the broker does not sit out a 30 s back-off.
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            Tls = tls,
        };

    /// <summary>A client whose log goes to the current test's output.</summary>
    public MqttClient CreateClient(MqttClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new MqttClient(options, new TestOutputLogger(options.ClientId));
    }

    public MqttClient CreateClient(
        string user = "alice",
        string? clientId = null,
        bool cleanSession = true,
        bool autoReconnect = false,
        TimeSpan? keepAlive = null) =>
        CreateClient(ClientOptions(user, clientId, cleanSession, autoReconnect, keepAlive));

    public static string NewClientId() => "it-" + Guid.NewGuid().ToString("N")[..12];

    public static string NewTopic(string area) => $"it/{area}/{Guid.NewGuid():N}";

    /// <summary>Called from each test class's DisposeAsync: a failed test gets the broker's log in its output.</summary>
    public void ReportIfFailed()
    {
        if (_broker is not null && TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(_broker.Describe());
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}
