using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Monitoring.Hub.Tests.Auth;

/// <summary>
/// The test server gives requests no peer address; this sets 127.0.0.1 before the hub's pipeline,
/// as a reverse proxy on the same machine would be seen.
/// </summary>
internal sealed class LoopbackPeer : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}
