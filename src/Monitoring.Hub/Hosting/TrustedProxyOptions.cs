namespace Monitoring.Hub.Hosting;

/// <summary>
/// <c>ForwardedHeaders</c>: the reverse proxies whose X-Forwarded-For (and -Proto) the hub believes.
/// Empty (the default) means none: the client's address is the connection's peer, so nobody can
/// choose the address the sign-in throttle and the audit log see by sending a header.
/// </summary>
public sealed class TrustedProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>172.18.0.0/16</c> (a compose network).</summary>
    public IList<string> KnownNetworks { get; } = [];

    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
