using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Api;
using Monitoring.Hub.Api.Paging;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Follow-ups (<c>/api/followups</c>), contacts (<c>/api/patients/{id}/contacts</c>), the per-patient
/// follow-up plan (<c>/api/patients/{id}/followup-plan</c>), boosters (<c>/api/patients/{id}/boosters</c>)
/// and the worklist (<c>/api/worklist</c>).
/// </summary>
public static class FollowUpsApi
{
    public const int MaxOutcomeLength = 500;
    public const int MaxNoteLength = 2000;
    public const int MaxIntervalDays = 30;

    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/followups", ListFollowUps);
        api.MapPost("/followups/{id:guid}/complete", CompleteFollowUp);
        api.MapGet("/worklist", Worklist);
        var patient = api.MapGroup("/patients/{id:guid}");
        patient.MapPost("/contacts", RecordContact);
        patient.MapGet("/followup-plan", GetPlan);
        patient.MapPut("/followup-plan", SetPlan);
        patient.MapGet("/boosters", GetBoosters);
        patient.MapPut("/boosters", SetBoosters);
        return api;
    }

    /// <summary><c>status</c>: <c>due</c>, <c>overdue</c> or <c>done</c>; none lists every open follow-up. Most urgent first.</summary>
    public static async Task<Results<Ok<IReadOnlyList<FollowUpResponse>>, ValidationProblem>> ListFollowUps(
        string? status, Guid? clinicId, ClinicScope scope, FollowUpStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        FollowUpStatusFilter? filter = null;
        if (status is not null)
        {
            if (!Codes.TryParse<FollowUpStatusFilter>(status, out var parsed))
            {
                return Problems.Validation("status", $"must be one of {string.Join(", ", Codes.All<FollowUpStatusFilter>())}.");
            }

            filter = parsed;
        }

        return TypedResults.Ok(await store.ListAsync(scope, clinicId, filter, time.GetStoredUtcNow(), cancellationToken));
    }

    /// <summary>
    /// Completes an open follow-up (audited) and schedules the next; the patient's open
    /// <c>followup_overdue</c> alarm, if any, is resolved by <c>system</c> once the completion is committed.
    /// </summary>
    public static async Task<Results<Ok<FollowUpResponse>, ValidationProblem, ProblemHttpResult>> CompleteFollowUp(
        Guid id, CompleteFollowUpRequest request, ClinicScope scope, FollowUpStore store, ReminderLedger reminders, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        errors.Require("channel", request.Channel);
        errors.Text("outcome", request.Outcome, 1, MaxOutcomeLength);
        errors.Text("note", request.Note, 1, MaxNoteLength, required: false);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var outcome = await store.CompleteAsync(scope, id, request.Channel!.Value, request.Outcome!.Trim(), Trimmed(request.Note),
            time.GetStoredUtcNow(), cancellationToken);
        if (outcome.Kind != OutcomeKind.Done)
        {
            return Problems.For(outcome);
        }

        var done = outcome.Value!;
        await reminders.WithdrawAfterChangeAsync(AlarmKind.FollowupOverdue, done.PatientId,
            $"Follow-up due {done.DueOn:yyyy-MM-dd} completed by {scope.Username}.", cancellationToken);
        return TypedResults.Ok(done);
    }

    public static async Task<Results<Created<ContactResponse>, ValidationProblem, ProblemHttpResult>> RecordContact(
        Guid id, RecordContactRequest request, ClinicScope scope, FollowUpStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        errors.Require("channel", request.Channel);
        errors.Text("note", request.Note, 1, MaxNoteLength, required: false);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var outcome = await store.RecordContactAsync(scope, id, request.Channel!.Value, Trimmed(request.Note), time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind == OutcomeKind.Done
            ? TypedResults.Created($"/api/patients/{id}/contacts/{outcome.Value!.Id}", outcome.Value)
            : Problems.For(outcome);
    }

    public static async Task<Results<Ok<FollowUpPlanResponse>, ProblemHttpResult>> GetPlan(
        Guid id, ClinicScope scope, FollowUpStore store, CancellationToken cancellationToken) =>
        await store.GetPlanAsync(scope, id, cancellationToken) is { } plan ? TypedResults.Ok(plan) : Problems.NotFound("patient", id);

    /// <summary>Intensifies (or relaxes) one patient's follow-ups: <c>{intervalDays: 1..30}</c>, or null for the clinic's interval.</summary>
    public static async Task<Results<Ok<FollowUpPlanResponse>, ValidationProblem, ProblemHttpResult>> SetPlan(
        Guid id, FollowUpPlanRequest request, ClinicScope scope, FollowUpStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IntervalDays is < 1 or > MaxIntervalDays)
        {
            return Problems.Validation("intervalDays", $"must be a whole number of days from 1 to {MaxIntervalDays}, or null for the clinic's interval.");
        }

        var outcome = await store.SetPlanAsync(scope, id, request.IntervalDays, time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind == OutcomeKind.Done ? TypedResults.Ok(outcome.Value!) : Problems.For(outcome);
    }

    /// <summary>The patient's boosters and whether the second is due (000).</summary>
    public static async Task<Results<Ok<BoosterResponse>, ProblemHttpResult>> GetBoosters(
        Guid id, ClinicScope scope, BoosterStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await store.GetAsync(scope, id, time.GetStoredUtcNow(), cancellationToken) is { } boosters
            ? TypedResults.Ok(boosters)
            : Problems.NotFound("patient", id);

    /// <summary>
    /// Records the patient's boosters (a full replacement, audited). Recording the second booster, or a
    /// change that makes it not due, resolves an open <c>booster_due</c> alarm as <c>system</c>.
    /// </summary>
    public static async Task<Results<Ok<BoosterResponse>, ValidationProblem, ProblemHttpResult>> SetBoosters(
        Guid id, BoosterRequest request, ClinicScope scope, BoosterStore store, ReminderLedger reminders, TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        foreach (var (field, date) in new[] { ("firstBoosterOn", request.FirstBoosterOn), ("secondBoosterOn", request.SecondBoosterOn) })
        {
            if (date < BoosterStore.EarliestBooster)
            {
                errors.Add(field, $"must not be before {BoosterStore.EarliestBooster:yyyy-MM-dd}.");
            }
        }

        if (request.SecondBoosterOn is { } second)
        {
            if (request.FirstBoosterOn is not { } first)
            {
                errors.Add("firstBoosterOn", "is required when secondBoosterOn is given (the second booster follows the first).");
            }
            else if (second <= first)
            {
                errors.Add("secondBoosterOn", "must be after firstBoosterOn.");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var outcome = await store.SetAsync(scope, id, request, time.GetStoredUtcNow(), cancellationToken);
        switch (outcome.Kind)
        {
            case OutcomeKind.Invalid:
                return Problems.Invalid(outcome);
            case OutcomeKind.Done:
                break;
            default:
                return Problems.For(outcome);
        }

        var boosters = outcome.Value!;
        if (!boosters.Due)
        {
            await reminders.WithdrawAfterChangeAsync(AlarmKind.BoosterDue, id,
                boosters.SecondBoosterOn is { } given ? $"Second booster given on {given:yyyy-MM-dd} (recorded by {scope.Username})." : $"Booster record changed by {scope.Username}: not due.",
                cancellationToken);
        }

        return TypedResults.Ok(boosters);
    }

    /// <summary>
    /// Who needs contacting: open follow-ups and this week's contact cadence per patient, most urgent
    /// first (<c>sort</c>: urgency, name, tier, overdue), of one clinic or grid team; <c>q</c> searches name, id and device id; with
    /// <c>page</c> or <c>pageSize</c> the answer is one page with its total.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<WorklistEntry>>, Ok<PagedList<WorklistEntry>>, ValidationProblem>> Worklist(
        Guid? clinicId, Guid? teamId, [AsParameters] PageParameters paging, ClinicScope scope, FollowUpStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paging);
        var errors = new ValidationErrors();
        var page = paging.Validate(errors, WorklistOrder.SortKeys);
        if (page is null)
        {
            return Problems.Validation(errors);
        }

        var list = await store.WorklistAsync(scope, clinicId, teamId, page, time.GetStoredUtcNow(), cancellationToken);
        return page.Paged ? TypedResults.Ok(list) : TypedResults.Ok(list.Items);
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
