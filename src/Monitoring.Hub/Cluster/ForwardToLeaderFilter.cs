using Monitoring.Hub.Alarms;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// On an alarm command (<c>POST /api/alarms/{id}/acknowledge|resolve</c>): a follower does not run
/// the alarm engine, so it re-issues the request to the leader's
/// <c>/internal/cluster/alarms/{id}/...</c> with the user's <c>Authorization</c> header (the leader
/// checks the clinic again) and answers what the leader answered. The leader, or a single hub, runs the handler.
/// </summary>
public sealed class ForwardToLeaderFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var leadership = http.RequestServices.GetRequiredService<ILeadershipGate>();
        if (leadership.IsLeader)
        {
            return await next(context);
        }

        var forwarder = http.RequestServices.GetRequiredService<LeaderForwarder>();
        var path = http.Request.Path.Value!;
        var internalPath = path.StartsWith("/api", StringComparison.Ordinal) ? path["/api".Length..] : path;
        var body = context.Arguments.OfType<AlarmNoteRequest>().FirstOrDefault();
        using var response = await forwarder.PostAsync(internalPath, body, http.Request.Headers.Authorization.ToString(), http.RequestAborted);
        return await ForwardedResult.FromAsync(response, http.RequestAborted);
    }
}
