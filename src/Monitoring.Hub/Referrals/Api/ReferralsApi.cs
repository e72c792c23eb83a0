using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Database;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Realtime;
using Monitoring.Hub.Referrals.Handoff;
using Monitoring.Hub.Referrals.Storage;
using Monitoring.Hub.Registry;

namespace Monitoring.Hub.Referrals.Api;

/// <summary>
/// Referrals to hospital (转诊, 001 二(二)2(1); 003 分级分类诊疗 二(二)2): started from a patient (or one of
/// their alarms) and tracked step by step to admission (docs/referrals.md). A referral started from an
/// alarm is shown on it: each committed change is handed to the <see cref="RealtimePublisher"/>, which sends
/// the open alarm again to its clinic's walls.
/// </summary>
internal static class ReferralsApi
{
    public const int MaxReasonLength = 500;
    public const int MaxDestinationLength = 200;
    public const int MaxNoteLength = 2000;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    public const int MaxSearchLength = 100;
    public const string FhirJsonContentType = "application/fhir+json";

    private static readonly Dictionary<string, ReferralSort> SortKeys = new(StringComparer.Ordinal)
    {
        ["requestedAt"] = ReferralSort.RequestedAt,
        ["stateSince"] = ReferralSort.StateSince,
        ["state"] = ReferralSort.State,
        ["patientName"] = ReferralSort.PatientName,
    };

    public static RouteGroupBuilder Map(RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/patients/{id:guid}/referrals", CreateReferral);
        api.MapGet("/patients/{id:guid}/referrals/suggestion", Suggest);
        var referrals = api.MapGroup("/referrals");
        referrals.MapGet("/", ListReferrals);
        referrals.MapGet("/{id:guid}", GetReferral);
        referrals.MapPost("/{id:guid}/events", RecordEvent);
        referrals.MapGet("/{id:guid}/handoff", GetHandoff);
        return api;
    }

    /// <summary>The destination level the hub suggests for the patient (and the alarm that triggered the referral, <c>alarmId</c>).</summary>
    public static async Task<Results<Ok<ReferralSuggestionResponse>, ValidationProblem, ProblemHttpResult>> Suggest(
        Guid id, string? alarmId, ClinicScope scope, ReferralStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var alarm = errors.OptionalGuid("alarmId", alarmId);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var outcome = await store.SuggestAsync(scope, id, alarm, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Done => TypedResults.Ok(outcome.Value!),
            OutcomeKind.Invalid => Problems.Invalid(outcome),
            _ => Problems.For(outcome),
        };
    }

    /// <summary>Requests a referral owned by the caller (state <c>requested</c>, audited); 409 while the patient has an open one.</summary>
    public static async Task<Results<Created<ReferralResponse>, ValidationProblem, ProblemHttpResult>> CreateReferral(
        Guid id, CreateReferralRequest request, ClinicScope scope, ReferralStore store, RealtimePublisher realtime, TimeProvider time,
        ILogger<ReferralStore> logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        errors.Text("reason", request.Reason, 1, MaxReasonLength);
        errors.Require("destinationLevel", request.DestinationLevel);
        errors.Text("destination", request.Destination, 1, MaxDestinationLength);
        errors.Require("transport", request.Transport);
        errors.Text("note", request.Note, 1, MaxNoteLength, required: false);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var outcome = await store.CreateAsync(scope, id, request, time.GetStoredUtcNow(), cancellationToken);
        switch (outcome.Kind)
        {
            case OutcomeKind.Done:
                var referral = outcome.Value!;
                ReferralLog.Requested(logger, referral.Id, referral.PatientId, referral.AlarmId, referral.DestinationLevel, scope.Username);
                await ShowOnAlarmAsync(realtime, referral, cancellationToken);
                return TypedResults.Created($"/api/referrals/{referral.Id}", referral);
            case OutcomeKind.Invalid:
                return Problems.Invalid(outcome);
            default:
                return Problems.For(outcome);
        }
    }

    /// <summary>
    /// Records the referral's next step (<c>{state, at?, note?}</c>); 409 for a step the state machine
    /// forbids. A step ends a stall: the patient's open <c>referral_stalled</c> alarm is resolved by
    /// <c>system</c> once the step is committed (the sweep raises it again if the new state stalls too).
    /// </summary>
    public static async Task<Results<Ok<ReferralResponse>, ValidationProblem, ProblemHttpResult>> RecordEvent(
        Guid id, ReferralEventRequest request, ClinicScope scope, ReferralStore store, ReminderLedger reminders, RealtimePublisher realtime,
        TimeProvider time, ILogger<ReferralStore> logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetStoredUtcNow();
        var errors = new ValidationErrors();
        errors.Require("state", request.State);
        if (request.State == Domain.Referrals.ReferralState.Requested)
        {
            errors.Add("state", "requested is where a referral starts; give the step taken next.");
        }

        if (request.At is { } given && ClinicalTimeRules.Check(given, now) is { } problem)
        {
            errors.Add("at", problem);
        }

        errors.Text("note", request.Note, 1, MaxNoteLength, required: false);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var at = StoredTime.Truncate(request.At?.ToUniversalTime() ?? now);
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        var outcome = await store.StepAsync(scope, id, request.State!.Value, at, note, now, cancellationToken);
        switch (outcome.Kind)
        {
            case OutcomeKind.Done:
                break;
            case OutcomeKind.Invalid:
                return Problems.Invalid(outcome);
            default:
                return Problems.For(outcome);
        }

        var referral = outcome.Value!;
        ReferralLog.Stepped(logger, referral.Id, referral.PatientId, referral.State, scope.Username);
        await ShowOnAlarmAsync(realtime, referral, cancellationToken);
        await reminders.WithdrawAfterChangeAsync(AlarmKind.ReferralStalled, referral.PatientId,
            $"Referral {referral.Id} became {referral.State} (recorded by {scope.Username}).", cancellationToken);
        return TypedResults.Ok(referral);
    }

    /// <summary>
    /// The hand-off to the receiving hospital as an HL7 FHIR R4 document Bundle (<c>application/fhir+json</c>);
    /// the export is audited (<c>referral.handoff_exported</c>): it carries the patient's record out of the hub.
    /// </summary>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetHandoff(
        Guid id, ClinicScope scope, HandoffSource source, ReferralStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetStoredUtcNow();
        if (await source.ReadAsync(scope, id, now, cancellationToken) is not { } facts)
        {
            return Problems.NotFound("referral", id);
        }

        var json = HandoffBundleBuilder.ToJson(HandoffBundleBuilder.Build(facts));
        await store.AuditExportAsync(scope, facts.Referral, now, cancellationToken);
        return TypedResults.Text(json, FhirJsonContentType, System.Text.Encoding.UTF8);
    }

    public static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> GetReferral(
        Guid id, ClinicScope scope, ReferralStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(scope, id, cancellationToken) is { } referral ? TypedResults.Ok(referral) : Problems.NotFound("referral", id);

    /// <summary>
    /// <c>clinicId</c>, <c>state</c> (open or closed), <c>patientId</c>, <c>alarmId</c>, <c>teamId</c>, <c>q</c>
    /// (patient name, destination or reason); <c>sort</c> (requestedAt, stateSince, state, patientName) and
    /// <c>order</c> (asc or desc, default desc). With <c>page</c> or <c>pageSize</c> the answer is
    /// <c>{items, total, page, pageSize}</c>; without them the whole list.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<ReferralResponse>>, Ok<ReferralPage>, ValidationProblem>> ListReferrals(
        string? clinicId, string? state, string? patientId, string? alarmId, string? teamId, string? q, string? sort, string? order,
        string? page, string? pageSize, ClinicScope scope, ReferralStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var clinic = errors.OptionalGuid("clinicId", clinicId);
        var patient = errors.OptionalGuid("patientId", patientId);
        var alarm = errors.OptionalGuid("alarmId", alarmId);
        var team = errors.OptionalGuid("teamId", teamId);
        bool? open = state switch
        {
            null => null,
            "open" => true,
            "closed" => false,
            _ => Invalid(errors, "state", "must be open or closed."),
        };
        var sortKey = ReferralSort.RequestedAt;
        if (sort is not null && !SortKeys.TryGetValue(sort, out sortKey))
        {
            errors.Add("sort", $"must be one of: {string.Join(", ", SortKeys.Keys)}.");
        }

        var descending = order switch
        {
            null or "desc" => true,
            "asc" => false,
            _ => Invalid(errors, "order", "must be asc or desc.") ?? true,
        };
        var pageNumber = WholeNumber(errors, "page", page, 1, int.MaxValue / MaxPageSize);
        var size = WholeNumber(errors, "pageSize", pageSize, 1, MaxPageSize);
        if (q is not null && errors.Text("q", q, 1, MaxSearchLength) is false)
        {
            q = null;
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var paged = pageNumber is not null || size is not null;
        var query = new ReferralListQuery(clinic, open, patient, alarm, team, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), sortKey, descending,
            paged ? pageNumber ?? 1 : null, size ?? DefaultPageSize);
        var (items, total) = await store.ListAsync(scope, query, cancellationToken);
        return paged
            ? TypedResults.Ok(new ReferralPage(items, total, query.Page!.Value, query.PageSize))
            : TypedResults.Ok(items);
    }

    private static ValueTask ShowOnAlarmAsync(RealtimePublisher realtime, ReferralResponse referral, CancellationToken cancellationToken) =>
        referral.AlarmId is { } alarmId ? realtime.ReferralChangedAsync(alarmId, referral.ForAlarm(), cancellationToken) : ValueTask.CompletedTask;

    private static bool? Invalid(ValidationErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }

    private static int? WholeNumber(ValidationErrors errors, string field, string? value, int min, int max)
    {
        if (value is null)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        errors.Add(field, $"must be a whole number from {min} to {max}.");
        return null;
    }
}
