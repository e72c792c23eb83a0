using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Operator;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Alarms.Api;

/// <summary>
/// <c>GET /api/alarms</c> (clinic-scoped in SQL, with <c>since</c> for the handover page),
/// <c>GET /api/alarms/{id}</c>, and the clinician's transitions <c>acknowledge</c> and
/// <c>resolve</c>, which go through the alarm engine's port (<see cref="IAlarmEngine"/>, so they are
/// ordered with the patient's readings), are audited, pushed as <c>alarmChanged</c>, and answer the
/// changed alarm. The engine's alarms become <see cref="AlarmResponse"/> here, at the edge, with the
/// referral each one started (<see cref="IAlarmReferrals"/>).
/// </summary>
public static class AlarmsApi
{
    public const int MaxNoteLength = 1000;
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 5000;

    public static RouteGroupBuilder MapAlarmsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var alarms = api.MapGroup("/alarms");
        alarms.MapGet("/", ListAlarms);
        alarms.MapGet("/summary", Summary);
        alarms.MapGet("/{id:guid}", GetAlarm);
        alarms.MapPost("/{id:guid}/acknowledge", Acknowledge);
        alarms.MapPost("/{id:guid}/resolve", Resolve);
        return api;
    }

    /// <summary>
    /// <c>state</c>: active, acknowledged, resolved or open; <c>since</c>: alarms changed at or after
    /// (ISO-8601); <c>limit</c>: 1-5000 (default 1000); also <c>kind</c>. Newest first.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<AlarmResponse>>, ValidationProblem>> ListAlarms(
        ClinicScope scope,
        AlarmStore alarms,
        OperatorAlarms operatorAlarms,
        IAlarmReferrals referrals,
        string? state,
        string? patientId,
        string? clinicId,
        string? kind,
        string? since,
        string? limit,
        string? teamId,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        AlarmState? stateFilter = null;
        var openOnly = false;
        if (state is not null)
        {
            if (state == "open")
            {
                openOnly = true;
            }
            else if (AlarmWireNames.TryParse<AlarmState>(state, out var parsed))
            {
                stateFilter = parsed;
            }
            else
            {
                errors.Add("state", "must be one of: active, acknowledged, resolved, open.");
            }
        }

        AlarmKind? kindFilter = null;
        if (kind is not null)
        {
            if (AlarmWireNames.TryParse<AlarmKind>(kind, out var parsed))
            {
                kindFilter = parsed;
            }
            else
            {
                errors.Add("kind", $"must be one of: {string.Join(", ", AlarmCatalog.All.Select(d => d.WireName))}.");
            }
        }

        var patient = errors.OptionalGuid("patientId", patientId);
        var clinic = errors.OptionalGuid("clinicId", clinicId);
        var team = errors.OptionalGuid("teamId", teamId);
        DateTimeOffset? sinceFilter = null;
        if (since is not null)
        {
            if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                sinceFilter = parsed.ToUniversalTime();
            }
            else
            {
                errors.Add("since", "must be an ISO-8601 time, e.g. 2025-11-22T08:00:00Z.");
            }
        }

        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"must be a whole number from 1 to {MaxLimit}.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var found = await alarms.ListAsync(scope, new AlarmQuery(clinic, patient, stateFilter, openOnly, kindFilter, sinceFilter, take, team), cancellationToken);
        var patients = await referrals.WithReferralsAsync([.. found.Select(AlarmResponse.From)], cancellationToken);
        // Administrators also see the hub's own alarms (no patient, no clinic, no team; docs/api.md).
        var hub = team is not null ? [] : await operatorAlarms.ListAsync(scope, clinic, patient, stateFilter, openOnly, kindFilter, sinceFilter, take, cancellationToken);
        return TypedResults.Ok(hub.Count == 0 ? patients : [.. patients.Concat(hub).OrderByDescending(a => a.RaisedAt).Take(take)]);
    }

    /// <summary>The alarm wall header's counts: open alarms by priority, unacknowledged, patients, the oldest unacknowledged high alarm.</summary>
    public static async Task<Results<Ok<AlarmSummaryResponse>, ValidationProblem>> Summary(
        ClinicScope scope, AlarmStore alarms, TimeProvider time, string? clinicId, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var clinic = errors.OptionalGuid("clinicId", clinicId);
        return errors.IsEmpty
            ? TypedResults.Ok(await alarms.SummaryAsync(scope, clinic, time.GetUtcNow(), cancellationToken))
            : Problems.Validation(errors);
    }

    public static async Task<Results<Ok<AlarmResponse>, ProblemHttpResult>> GetAlarm(
        Guid id, ClinicScope scope, AlarmStore alarms, OperatorAlarms operatorAlarms, IAlarmReferrals referrals, CancellationToken cancellationToken) =>
        await alarms.GetAsync(scope, id, cancellationToken) is { } alarm
            ? TypedResults.Ok(await referrals.WithReferralAsync(AlarmResponse.From(alarm), cancellationToken))
            : await operatorAlarms.GetAsync(scope, id, cancellationToken) is { } hubAlarm
                ? TypedResults.Ok(hubAlarm)
                : Problems.NotFound("alarm", id);

    /// <summary>"I am on it": the alarm stays open. 409 when it is acknowledged or resolved already.</summary>
    public static async Task<Results<Ok<AlarmResponse>, ValidationProblem, ProblemHttpResult>> Acknowledge(
        Guid id, AlarmNoteRequest? request, ClinicScope scope, AlarmStore alarms, IAlarmEngine engine, OperatorAlarms operatorAlarms, IAlarmReferrals referrals,
        IOptions<AlarmsOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Text("note", request?.Note, 1, MaxNoteLength, required: false);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        return Answer(id, await referrals.WithReferralAsync(await OrOperatorAsync(
            await RunAsync(alarms, scope, id, (patientId, c) => engine.AcknowledgeAsync(patientId, new AlarmCommand(id, scope, request?.Note), c), options.Value, cancellationToken),
            c => operatorAlarms.AcknowledgeAsync(scope, id, request?.Note, c), options.Value, cancellationToken), cancellationToken));
    }

    /// <summary>Resolves an open alarm; a high-priority one needs a note saying what was done (400 naming <c>note</c>).</summary>
    public static async Task<Results<Ok<AlarmResponse>, ValidationProblem, ProblemHttpResult>> Resolve(
        Guid id, AlarmNoteRequest? request, ClinicScope scope, AlarmStore alarms, IAlarmEngine engine, OperatorAlarms operatorAlarms, IAlarmReferrals referrals,
        IOptions<AlarmsOptions> options, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Text("note", request?.Note, 1, MaxNoteLength, required: false);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        return Answer(id, await referrals.WithReferralAsync(await OrOperatorAsync(
            await RunAsync(alarms, scope, id, (patientId, c) => engine.ResolveAsync(patientId, new AlarmCommand(id, scope, request?.Note), c), options.Value, cancellationToken),
            c => operatorAlarms.ResolveAsync(scope, id, request?.Note, c), options.Value, cancellationToken), cancellationToken));
    }

    private static Results<Ok<AlarmResponse>, ValidationProblem, ProblemHttpResult> Answer(Guid id, AlarmCommandOutcome transition) =>
        transition.Status switch
        {
            AlarmTransitionStatus.Done => TypedResults.Ok(transition.Alarm!),
            // Two nurses pressing at once, or a double tap on a tablet: the alarm is acknowledged, which is what
            // both asked for. Answer with it (acknowledgedBy names who was first); nothing changes, nothing is audited.
            AlarmTransitionStatus.Refused when transition.Error!.Code == AlarmTransitionErrorCode.AlreadyAcknowledged => TypedResults.Ok(transition.Alarm!),
            AlarmTransitionStatus.NotFound => Problems.NotFound("alarm", id),
            _ when transition.Error!.Code == AlarmTransitionErrorCode.NoteRequired => Problems.Validation("note", transition.Error.Message),
            _ => Problems.Conflict(transition.Error!.Message),
        };

    /// <summary>An id the alarm engine does not know may be one of the hub's own alarms (administrators only).</summary>
    private static async Task<AlarmCommandOutcome> OrOperatorAsync(
        AlarmTransition engine, Func<CancellationToken, Task<AlarmCommandOutcome?>> hub, AlarmsOptions options, CancellationToken cancellationToken) =>
        engine.Status == AlarmTransitionStatus.NotFound
            ? await WithinCommandTimeoutAsync(async c => await hub(c) ?? AlarmCommandOutcome.NotFound, options, cancellationToken)
            : AlarmCommandOutcome.From(engine);

    /// <summary>
    /// Finds the alarm's patient (the engine is addressed by patient; another clinic's alarm is
    /// "not found"), then waits for the engine at most <see cref="AlarmsOptions.CommandTimeout"/>;
    /// an engine that cannot store answers 503.
    /// </summary>
    private static Task<AlarmTransition> RunAsync(
        AlarmStore alarms,
        ClinicScope scope,
        Guid alarmId,
        Func<Guid, CancellationToken, Task<AlarmTransition>> run,
        AlarmsOptions options,
        CancellationToken cancellationToken) =>
        WithinCommandTimeoutAsync(
            async c => await alarms.GetAsync(scope, alarmId, c) is { } alarm ? await run(alarm.PatientId, c) : AlarmTransition.NotFound,
            options,
            cancellationToken);

    private static async Task<T> WithinCommandTimeoutAsync<T>(
        Func<CancellationToken, Task<T>> run, AlarmsOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CommandTimeout);
        try
        {
            return await run(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DependencyUnavailableException("The alarm engine did not answer in time (is PostgreSQL reachable?); nothing was changed.");
        }
        catch (Exception ex) when (AlarmEngineFailures.IsDatabaseFailure(ex))
        {
            throw new DependencyUnavailableException("The database does not answer; nothing was changed. Try again shortly.");
        }
    }
}
