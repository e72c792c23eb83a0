using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Domain.Alarms;
using Monitoring.Domain.Thresholds;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Thresholds;

/// <summary>
/// Alarm thresholds per clinic and per patient, changeable at run time (clinical-rules §2: "clinics
/// must be able to change them … a patient-level override … must be possible and audited"):
/// <c>GET/PUT /api/clinics/{id}/thresholds</c>, <c>GET/PUT /api/patients/{id}/thresholds</c> (body:
/// the overrides, every setting nullable, null = inherit), <c>GET /api/patients/{id}/thresholds/effective</c>,
/// and the clinic's escalation ladder <c>GET/PUT /api/clinics/{id}/escalation</c>. Anyone of the
/// clinic reads; doctors and administrators change (<see cref="ThresholdsSetup.EditorPolicy"/>).
/// </summary>
public static partial class ThresholdsApi
{
    public const int MaxEscalationSteps = 10;

    /// <summary>Bodies are read strictly: a misspelt setting is an error, never silently ignored.</summary>
    private static readonly JsonSerializerOptions Strict = new(ApiJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static RouteGroupBuilder MapThresholdsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/clinics/{id:guid}/thresholds", GetClinicThresholds);
        api.MapPut("/clinics/{id:guid}/thresholds", PutClinicThresholds).RequireAuthorization(ThresholdsSetup.EditorPolicy);
        api.MapGet("/clinics/{id:guid}/escalation", GetEscalation);
        api.MapPut("/clinics/{id:guid}/escalation", PutEscalation).RequireAuthorization(ThresholdsSetup.EditorPolicy);
        api.MapGet("/patients/{id:guid}/thresholds", GetPatientThresholds);
        api.MapPut("/patients/{id:guid}/thresholds", PutPatientThresholds).RequireAuthorization(ThresholdsSetup.EditorPolicy);
        api.MapGet("/patients/{id:guid}/thresholds/effective", GetEffectiveThresholds);
        return api;
    }

    public static async Task<Results<Ok<ThresholdOverrides>, ProblemHttpResult>> GetClinicThresholds(
        Guid id, ClinicScope scope, ThresholdStore thresholds, CancellationToken cancellationToken) =>
        await thresholds.GetClinicOverridesAsync(scope, id, cancellationToken) is { } overrides
            ? TypedResults.Ok(overrides)
            : Problems.NotFound("clinic", id);

    public static Task<Results<Ok<ThresholdOverrides>, ValidationProblem, ProblemHttpResult>> PutClinicThresholds(
        Guid id, JsonElement body, ClinicScope scope, ThresholdStore thresholds, TimeProvider time, CancellationToken cancellationToken) =>
        PutOverridesAsync(body, "clinic", id, overrides => thresholds.SetClinicOverridesAsync(scope, id, overrides, time.GetStoredUtcNow(), cancellationToken));

    public static async Task<Results<Ok<ThresholdOverrides>, ProblemHttpResult>> GetPatientThresholds(
        Guid id, ClinicScope scope, ThresholdStore thresholds, CancellationToken cancellationToken) =>
        await thresholds.GetPatientOverridesAsync(scope, id, cancellationToken) is { } overrides
            ? TypedResults.Ok(overrides)
            : Problems.NotFound("patient", id);

    public static Task<Results<Ok<ThresholdOverrides>, ValidationProblem, ProblemHttpResult>> PutPatientThresholds(
        Guid id, JsonElement body, ClinicScope scope, ThresholdStore thresholds, TimeProvider time, CancellationToken cancellationToken) =>
        PutOverridesAsync(body, "patient", id, overrides => thresholds.SetPatientOverridesAsync(scope, id, overrides, time.GetStoredUtcNow(), cancellationToken));

    /// <summary>One shape for clinic and patient overrides: strict body, domain validation as a 400, unseen entity as a 404.</summary>
    private static async Task<Results<Ok<ThresholdOverrides>, ValidationProblem, ProblemHttpResult>> PutOverridesAsync(
        JsonElement body, string entity, Guid id, Func<ThresholdOverrides, Task<ThresholdOverrides?>> store)
    {
        if (Read<ThresholdOverrides>(body, out var overrides) is { } problem)
        {
            return problem;
        }

        try
        {
            return await store(overrides!) is { } stored
                ? TypedResults.Ok(stored)
                : Problems.NotFound(entity, id);
        }
        catch (ThresholdValidationException ex)
        {
            return Invalid(ex);
        }
    }

    public static async Task<Results<Ok<EffectiveThresholdsResponse>, ProblemHttpResult>> GetEffectiveThresholds(
        Guid id, ClinicScope scope, ThresholdStore thresholds, CancellationToken cancellationToken) =>
        await thresholds.GetEffectiveResponseAsync(scope, id, cancellationToken) is { } effective
            ? TypedResults.Ok(effective)
            : Problems.NotFound("patient", id);

    public static async Task<Results<Ok<EscalationLadder>, ProblemHttpResult>> GetEscalation(
        Guid id, ClinicScope scope, ThresholdStore thresholds, CancellationToken cancellationToken) =>
        await thresholds.GetEscalationAsync(scope, id, cancellationToken) is { } ladder
            ? TypedResults.Ok(ladder)
            : Problems.NotFound("clinic", id);

    /// <summary>Replaces the ladder: up to 10 steps <c>{afterMinutes: 0-1440, notifyLevel}</c>; null or [] restores the default.</summary>
    public static async Task<Results<Ok<EscalationLadder>, ValidationProblem, ProblemHttpResult>> PutEscalation(
        Guid id, JsonElement body, ClinicScope scope, ThresholdStore thresholds, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Read<EscalationBody>(body, out var ladder) is { } problem)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var steps = ladder!.Steps ?? [];
        if (steps.Count > MaxEscalationSteps)
        {
            errors.Add("steps", $"may have at most {MaxEscalationSteps} steps.");
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not { } step)
            {
                errors.Add($"steps[{i}]", "must be an object {afterMinutes, notifyLevel}.");
                continue;
            }

            if (step.AfterMinutes is not (>= 0 and <= 1440))
            {
                errors.Add($"steps[{i}].afterMinutes", "must be a whole number of minutes from 0 to 1440.");
            }

            if (step.NotifyLevel is null || !NotifyLevel().IsMatch(step.NotifyLevel))
            {
                errors.Add($"steps[{i}].notifyLevel", "must be a level name of lower-case letters, digits and '_' (e.g. supervisor, doctor_on_call).");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var stored = await thresholds.SetEscalationAsync(
            scope, id, [.. steps.Select(s => new EscalationStep(s!.AfterMinutes!.Value, s.NotifyLevel!))], time.GetStoredUtcNow(), cancellationToken);
        return stored is null ? Problems.NotFound("clinic", id) : TypedResults.Ok(stored);
    }

    private static ValidationProblem? Read<T>(JsonElement body, out T? value)
        where T : class
    {
        value = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Problems.Validation("body", "must be a JSON object.");
        }

        try
        {
            value = body.Deserialize<T>(Strict);
            return value is null ? Problems.Validation("body", "must be a JSON object.") : null;
        }
        catch (JsonException ex)
        {
            var message = ex.Message;
            var field = ApiExceptionHandler.FieldOf(ex.Path);
            if (UnmappedMember().Match(message) is { Success: true } unmapped)
            {
                var name = unmapped.Groups["name"].Value;
                var named = field == "body" ? name : field.EndsWith(name, StringComparison.Ordinal) ? field : $"{field}.{name}";
                return Problems.Validation(named, "is not a setting the hub knows; check its spelling.");
            }

            return Problems.Validation(field, message.StartsWith("must ", StringComparison.Ordinal)
                ? message
                : "has the wrong type or form (numbers as numbers; times as \"HH:mm\").");
        }
    }

    private static ValidationProblem Invalid(ThresholdValidationException exception)
    {
        var errors = new ValidationErrors();
        foreach (var problem in exception.Problems)
        {
            errors.Add(problem.Property.Length == 0 ? "body" : problem.Property, problem.Message);
        }

        return Problems.Validation(errors);
    }

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex NotifyLevel();

    /// <summary>The escalation body as read (nullable parts, so a missing field is named rather than defaulted).</summary>
    private sealed record EscalationBody(IReadOnlyList<EscalationStepBody?>? Steps);

    private sealed record EscalationStepBody(int? AfterMinutes, string? NotifyLevel);
}
