using System.Net;

namespace Monitoring.Hub.Observability;

/// <summary>Networks (CIDR) whose clients may scrape <c>/metrics</c> without a token (<see cref="MetricsOptions.AllowedNetworks"/>).</summary>
public sealed class NetworkAllowList
{
    private readonly IReadOnlyList<IPNetwork> _networks;

    private NetworkAllowList(IReadOnlyList<IPNetwork> networks) => _networks = networks;

    public static NetworkAllowList Empty { get; } = new([]);

    /// <summary>Parses a comma-separated list; false (with the first bad entry) when one is not a CIDR network.</summary>
    public static bool TryParse(string? text, out NetworkAllowList list, out string? badEntry)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IPNetwork.TryParse(entry, out var network))
            {
                list = Empty;
                badEntry = entry;
                return false;
            }

            networks.Add(network);
        }

        list = new NetworkAllowList(networks);
        badEntry = null;
        return true;
    }

    /// <summary>An address inside one of the networks; IPv4 addresses mapped into IPv6 (dual-stack sockets) count as IPv4.</summary>
    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }
}
