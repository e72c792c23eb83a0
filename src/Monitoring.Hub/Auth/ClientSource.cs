using System.Net;

namespace Monitoring.Hub.Auth;

/// <summary>
/// The address a request came from, as throttling and the audit log record it: the connection's
/// peer, or the client a trusted reverse proxy names in X-Forwarded-For (Hosting/TrustedProxySetup
/// rewrites the peer only for proxies listed in ForwardedHeaders).
/// </summary>
public static class ClientSource
{
    public static string Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var address = http.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    /// <summary>The audit actor for the signed-in caller, with where the request came from.</summary>
    public static Audit.AuditActor Actor(ClinicScope scope, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Actor with { Source = Of(http) };
    }

    public static bool IsLoopback(string source) => IPAddress.TryParse(source, out var address) && IPAddress.IsLoopback(address);
}
