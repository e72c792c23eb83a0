using StackExchange.Redis;

namespace Monitoring.Hub.Redis;

/// <summary>Reads <c>Redis:Configuration</c>, and describes it for logs and health without its password.</summary>
internal static class RedisConnection
{
    public static bool TryParse(string configuration, out ConfigurationOptions? options)
    {
        try
        {
            options = Parse(configuration);
            return options.EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            options = null;
            return false;
        }
    }

    /// <summary>
    /// A hub starts, and serves its own dashboards, while Redis is still down; the connection keeps
    /// retrying in the background (readiness reports it) unless the string itself says <c>abortConnect=true</c>.
    /// </summary>
    public static ConfigurationOptions Parse(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        if (!configuration.Contains("abortConnect", StringComparison.OrdinalIgnoreCase))
        {
            options.AbortOnConnectFail = false;
        }

        return options;
    }

    /// <summary>The endpoints and user, never the password.</summary>
    public static string Describe(ConfigurationOptions options) =>
        $"{string.Join(",", options.EndPoints.Select(Describe))}{(options.User is { Length: > 0 } user ? $" as {user}" : "")}";

    private static string Describe(System.Net.EndPoint endPoint) => endPoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        System.Net.IPEndPoint ip => ip.ToString(),
        _ => endPoint.ToString() ?? "?",
    };
}
