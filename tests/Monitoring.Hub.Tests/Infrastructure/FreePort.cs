using System.Net;
using System.Net.Sockets;

namespace Monitoring.Hub.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>A loopback port nothing listens on (bound and released), to simulate a dead service.</summary>
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
