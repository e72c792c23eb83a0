using Monitoring.Hub.Api;

namespace Monitoring.Hub.Cluster;

/// <summary>Commands for the alarm engine are taken only by the leader: 503 elsewhere (the caller's idea of the leader is stale).</summary>
public sealed class LeaderOnlyFilter(ILeadershipGate leadership) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return leadership.IsLeader
            ? await next(context)
            : Problems.Unavailable("This hub is not the leader (any more); nothing was changed. Try again shortly.");
    }
}
