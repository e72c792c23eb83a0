using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;
using Monitoring.Hub.FollowUps;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// The leader's endpoints for the other hubs, outside <c>/api</c> and absent from the dashboard:
/// alarm commands re-issued by a follower with the user's token (the same handlers as
/// <c>/api/alarms/{id}/...</c>, so the user and clinic are checked here), and reminder alarms
/// decided by a follower's Quartz sweep (both only on the leader), and this hub's status. Mapped
/// only when the cluster is enabled.
/// </summary>
public static class ClusterApi
{
    public const string Prefix = "/internal/cluster";

    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.ServiceProvider.GetRequiredService<IOptions<ClusterOptions>>().Value.Enabled)
        {
            return app;
        }

        var cluster = app.MapGroup(Prefix).AddEndpointFilter<ClusterSecretFilter>().ExcludeFromDescription();
        cluster.MapGet("/status", Status);
        var leader = cluster.MapGroup("/").AddEndpointFilter<LeaderOnlyFilter>();
        var alarms = leader.MapGroup("/alarms").RequireAuthorization(Policies.Clinician).RequireClinicScope();
        alarms.MapPost("/{id:guid}/acknowledge", AlarmsApi.Acknowledge);
        alarms.MapPost("/{id:guid}/resolve", AlarmsApi.Resolve);
        leader.MapPost("/reminders", RaiseReminder);
        leader.MapPost("/reminders/resolve", ResolveReminder);
        return app;
    }

    public static Ok<ClusterStatus> Status(IOptions<ClusterOptions> options, ILeadershipGate leadership, ClusterReadingRouter router) =>
        TypedResults.Ok(new ClusterStatus(options.Value.HubId, leadership.IsLeader, leadership.LeaderUrl, router.Readings));

    public static async Task<Results<NoContent, ValidationProblem>> RaiseReminder(
        ReminderRequest request, AlarmEngineReminderAlarms alarms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!AlarmWireNames.TryParse<AlarmKind>(request.Kind, out var kind))
        {
            return Problems.Validation("kind", "is not an alarm kind.");
        }

        await alarms.RaiseAsync(request.PatientId, kind, request.Detail, request.ObservedAt, cancellationToken);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<ReminderWithdrawalResult>, ValidationProblem>> ResolveReminder(
        ReminderWithdrawal request, AlarmEngineReminderAlarms alarms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!AlarmWireNames.TryParse<AlarmKind>(request.Kind, out var kind))
        {
            return Problems.Validation("kind", "is not an alarm kind.");
        }

        return TypedResults.Ok(new ReminderWithdrawalResult(await alarms.ResolveAsync(request.PatientId, kind, request.Note, cancellationToken)));
    }
}
