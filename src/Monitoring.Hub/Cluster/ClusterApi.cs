using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Realtime;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// The leader's endpoints for the other hubs, outside <c>/api</c> and absent from the dashboard:
/// the alarm engine's port (<see cref="IAlarmEngine"/>) for a follower's <see cref="ClusterAlarmEngine"/>
/// (clinicians' commands, with the clinician the follower authenticated; reminder raises and
/// withdrawals) and its publisher's snapshot for a follower's dashboard connections (<see cref="ClusterRealtimeView"/>),
/// only on the leader, and this hub's status. Mapped only when the cluster is
/// enabled; every call carries <see cref="ClusterOptions.Secret"/>.
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
        var engine = cluster.MapGroup("/engine").AddEndpointFilter<LeaderOnlyFilter>();
        engine.MapPost("/{patientId:guid}/alarms/{alarmId:guid}/acknowledge", Acknowledge);
        engine.MapPost("/{patientId:guid}/alarms/{alarmId:guid}/resolve", Resolve);
        engine.MapPost("/reminders", RaiseReminder);
        engine.MapPost("/reminders/resolve", ResolveReminder);
        var realtime = cluster.MapGroup("/realtime").AddEndpointFilter<LeaderOnlyFilter>();
        realtime.MapPost("/snapshot", Snapshot);
        return app;
    }

    /// <summary>The leader's snapshot for a follower's dashboard connection (<see cref="ClusterRealtimeView"/>).</summary>
    public static async Task<Results<Ok<AlarmSnapshot>, ValidationProblem>> Snapshot(
        ForwardedScope forwarded, RealtimePublisher publisher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(forwarded);
        if (forwarded.Role != UserRole.Admin && forwarded.ClinicId is null)
        {
            return Problems.Validation("clinicId", "is required for a nurse or doctor.");
        }

        return TypedResults.Ok(await publisher.SnapshotAsync(forwarded.Scope, cancellationToken));
    }

    public static Ok<ClusterStatus> Status(IOptions<ClusterOptions> options, ILeadershipGate leadership, ClusterAlarmEngine engine) =>
        TypedResults.Ok(new ClusterStatus(options.Value.HubId, leadership.IsLeader, leadership.LeaderUrl, engine.Readings));

    public static async Task<Ok<AlarmTransition>> Acknowledge(
        Guid patientId, Guid alarmId, ForwardedCommand command, OrleansAlarmEngine worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return TypedResults.Ok(await worker.AcknowledgeAsync(patientId, command.ToCommand(alarmId), cancellationToken));
    }

    public static async Task<Ok<AlarmTransition>> Resolve(
        Guid patientId, Guid alarmId, ForwardedCommand command, OrleansAlarmEngine worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return TypedResults.Ok(await worker.ResolveAsync(patientId, command.ToCommand(alarmId), cancellationToken));
    }

    public static async Task<Results<Ok<ForwardedAlarm>, ValidationProblem>> RaiseReminder(
        ReminderRequest request, OrleansAlarmEngine worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!AlarmWireNames.TryParse<AlarmKind>(request.Kind, out var kind))
        {
            return Problems.Validation("kind", "is not an alarm kind.");
        }

        var raise = new Raise(kind, AlarmCatalog.PriorityOf(kind), Value: null, Threshold: null, request.Detail, request.ObservedAt, Late: false);
        return TypedResults.Ok(new ForwardedAlarm(await worker.ApplyDecisionAsync(request.PatientId, raise, cancellationToken)));
    }

    public static async Task<Results<Ok<ForwardedAlarm>, ValidationProblem>> ResolveReminder(
        ReminderWithdrawal request, OrleansAlarmEngine worker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!AlarmWireNames.TryParse<AlarmKind>(request.Kind, out var kind))
        {
            return Problems.Validation("kind", "is not an alarm kind.");
        }

        return TypedResults.Ok(new ForwardedAlarm(await worker.ResolveBySystemAsync(request.PatientId, kind, request.Note, cancellationToken)));
    }
}
