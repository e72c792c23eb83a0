using System.Globalization;

namespace Monitoring.FirmwareSim.Cli;

/// <summary>
/// Option defaults from the environment, with the names <c>scripts/services.sh env</c> prints and the
/// hub reads (docs/conventions.md), so <c>eval "$(bash scripts/services.sh env)"</c> points the
/// simulator at the running stack. The passwords fall back to the documented development values.
/// </summary>
public static class EnvironmentDefaults
{
    public const string DefaultHub = "http://127.0.0.1:8080";

    public static string MqttHost => Get("Mqtt__Host") ?? "127.0.0.1";

    public static int MqttPort =>
        int.TryParse(Get("MQTT_PORT") ?? Get("Mqtt__Port"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 1883;

    /// <summary>The hub's own TLS switch for its broker connection (docs/conventions.md), so one environment serves both.</summary>
    public static bool MqttTls => Get("Mqtt__Tls__Enabled") is { } value && bool.TryParse(value, out var on) && on;

    public static string? MqttCaFile => Get("Mqtt__Tls__CaFile");

    /// <summary><c>HUB_URL</c>, else the first of the hub's own <c>ASPNETCORE_URLS</c> (wildcard hosts as loopback), else port 8080.</summary>
    public static string Hub
    {
        get
        {
            if (Get("HUB_URL") is { } url)
            {
                return url;
            }

            var first = Get("ASPNETCORE_URLS")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            return first is null
                ? DefaultHub
                : first.Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal)
                    .Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal)
                    .Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal);
        }
    }

    public static string AdminUsername => Get("Admin__Username") ?? "admin";

    /// <summary>The development administrator password that scripts/run.sh sets and prints.</summary>
    public static string AdminPassword => Get("Admin__Password") ?? "dev-admin-pass";

    /// <summary>The broker's <c>admin</c> account of services.sh (publishes anywhere).</summary>
    public static string MqttAdminPassword => Get("MQTT_ADMIN_PASSWORD") ?? "dev-mqtt-admin";

    private static string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
