using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Domain.Risk;
using Monitoring.Hub.Database;
using Monitoring.Hub.Api;
using Monitoring.Hub.Api.Paging;
using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Registry;

/// <summary><c>/api/patients</c>: create, read, full update and list, with the tier computed by the Domain rules.</summary>
public static class PatientsApi
{
    public static RouteGroupBuilder MapPatientsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var patients = api.MapGroup("/patients");
        patients.MapPost("/", CreatePatient);
        patients.MapGet("/", ListPatients);
        patients.MapGet("/{id:guid}", GetPatient);
        patients.MapPut("/{id:guid}", UpdatePatient);
        return api;
    }

    public static async Task<Results<Created<PatientResponse>, ValidationProblem>> CreatePatient(
        PatientRequest request, ClinicScope scope, PatientStore patients, ClinicStore clinics, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetStoredUtcNow();
        var (input, today, errors) = await ValidateAsync(request, scope, clinics, now, cancellationToken);
        if (input is null)
        {
            return Problems.Validation(errors);
        }

        var created = await patients.CreateAsync(scope, input, RiskTierCalculator.Assess(input.RiskInputs, today), now, cancellationToken);
        return TypedResults.Created($"/api/patients/{created.Id}", created);
    }

    public static async Task<Results<Ok<PatientResponse>, ValidationProblem, ProblemHttpResult>> UpdatePatient(
        Guid id, PatientRequest request, ClinicScope scope, PatientStore patients, ClinicStore clinics, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetStoredUtcNow();
        var (input, today, errors) = await ValidateAsync(request, scope, clinics, now, cancellationToken);
        if (input is null)
        {
            return Problems.Validation(errors);
        }

        var outcome = await patients.UpdateAsync(scope, id, input, i => RiskTierCalculator.Assess(i.RiskInputs, today), now, cancellationToken);
        return outcome.Kind == OutcomeKind.Done ? TypedResults.Ok(outcome.Value!) : Problems.For(outcome);
    }

    public static async Task<Results<Ok<PatientResponse>, ProblemHttpResult>> GetPatient(
        Guid id, ClinicScope scope, PatientStore patients, CancellationToken cancellationToken) =>
        await patients.GetAsync(scope, id, cancellationToken) is { } patient
            ? TypedResults.Ok(patient)
            : Problems.NotFound("patient", id);

    /// <summary>
    /// Patients the caller may see, optionally of one clinic, one tier, urgent only, or monitored
    /// (an open home-treatment episode or a device assigned now) or not, or of one grid team (<c>teamId</c>). A nurse or doctor naming
    /// another clinic gets an empty list, as for a clinic without patients. <c>q</c> searches name,
    /// id and device id; with <c>page</c> or <c>pageSize</c> the answer is one page with its total.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<PatientResponse>>, Ok<PagedList<PatientResponse>>, ValidationProblem>> ListPatients(
        ClinicScope scope, PatientStore patients, string? clinicId, string? tier, string? urgentNeed, string? monitored, string? teamId,
        [AsParameters] PageParameters paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paging);
        var errors = new ValidationErrors();
        var clinic = errors.OptionalGuid("clinicId", clinicId);
        var tierFilter = errors.OptionalCode<RiskTier>("tier", tier);
        var urgent = errors.OptionalBool("urgentNeed", urgentNeed);
        var monitoredFilter = errors.OptionalBool("monitored", monitored);
        var team = errors.OptionalGuid("teamId", teamId);
        var page = paging.Validate(errors, PatientStore.SortKeys);
        if (!errors.IsEmpty || page is null)
        {
            return Problems.Validation(errors);
        }

        var list = await patients.ListAsync(scope, new PatientFilter(clinic, tierFilter, urgent, monitoredFilter, team), page, cancellationToken);
        return page.Paged ? TypedResults.Ok(list) : TypedResults.Ok(list.Items);
    }

    /// <summary>Validates against the named clinic as the caller sees it, at that clinic's local date.</summary>
    private static async Task<(PatientInput? Input, DateOnly Today, ValidationErrors Errors)> ValidateAsync(
        PatientRequest request, ClinicScope scope, ClinicStore clinics, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var clinic = request.ClinicId is { } clinicId ? await clinics.GetAsync(scope, clinicId, cancellationToken) : null;
        var today = clinic is null ? DateOnly.FromDateTime(now.UtcDateTime) : ClinicTime.LocalDate(clinic.TimeZone, now);
        var errors = new ValidationErrors();
        var input = PatientValidation.Validate(request, clinic, today, errors);
        return (input, today, errors);
    }
}
