using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Hub.Database;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Registry;

/// <summary><c>POST /api/clinics</c> (administrators), <c>GET /api/clinics</c>, <c>GET /api/clinics/{id}</c>.</summary>
public static class ClinicsApi
{
    public static RouteGroupBuilder MapClinicsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var clinics = api.MapGroup("/clinics");
        clinics.MapPost("/", CreateClinic).RequireAuthorization(Policies.Admin);
        clinics.MapGet("/", ListClinics);
        clinics.MapGet("/{id:guid}", GetClinic);
        return api;
    }

    public static async Task<Results<Created<ClinicResponse>, ValidationProblem, ProblemHttpResult>> CreateClinic(
        CreateClinicRequest request, ClinicScope scope, ClinicStore clinics, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        errors.Text("name", request.Name, 1, 200);
        if (errors.Require("timeZone", request.TimeZone) && ClinicTime.FindZone(request.TimeZone) is null)
        {
            errors.Add("timeZone", "must be an IANA time zone id known to this machine, e.g. Asia/Shanghai.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var created = await clinics.CreateAsync(scope, request.Name!.Trim(), request.TimeZone!, time.GetStoredUtcNow(), cancellationToken);
        return created is null
            ? Problems.Conflict($"A clinic named '{request.Name!.Trim()}' exists already.")
            : TypedResults.Created($"/api/clinics/{created.Id}", created);
    }

    public static async Task<Ok<IReadOnlyList<ClinicResponse>>> ListClinics(ClinicScope scope, ClinicStore clinics, CancellationToken cancellationToken) =>
        TypedResults.Ok(await clinics.ListAsync(scope, cancellationToken));

    public static async Task<Results<Ok<ClinicResponse>, ProblemHttpResult>> GetClinic(
        Guid id, ClinicScope scope, ClinicStore clinics, CancellationToken cancellationToken) =>
        await clinics.GetAsync(scope, id, cancellationToken) is { } clinic
            ? TypedResults.Ok(clinic)
            : Problems.NotFound("clinic", id);
}
