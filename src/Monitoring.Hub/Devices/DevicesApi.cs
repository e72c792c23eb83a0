using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Database;
using Monitoring.Hub.Api;
using Monitoring.Hub.Api.Paging;
using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Devices;

/// <summary>
/// <c>/api/devices</c>: registration (creates the broker account, returns the secret once),
/// revocation, assignment to patients with history, and <c>/api/clinics/{id}/inventory</c>.
/// Registering and revoking need <see cref="Policies.DeviceManager"/> (doctors, administrators).
/// </summary>
public static partial class DevicesApi
{
    public const string DeviceIdPattern = "^[a-z0-9][a-z0-9-]{2,63}$";

    public static RouteGroupBuilder MapDevicesApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var devices = api.MapGroup("/devices");
        devices.MapPost("/", RegisterDevice).RequireAuthorization(Policies.DeviceManager);
        devices.MapGet("/", ListDevices);
        devices.MapGet("/{id}", GetDevice);
        devices.MapGet("/{id}/assignments", ListAssignments);
        devices.MapPost("/{id}/revoke", RevokeDevice).RequireAuthorization(Policies.DeviceManager);
        devices.MapPost("/{id}/assign", AssignDevice);
        devices.MapPost("/{id}/unassign", UnassignDevice);
        api.MapGet("/clinics/{id:guid}/inventory", GetInventory);
        return api;
    }

    public static async Task<Results<Created<RegisteredDeviceResponse>, ValidationProblem, ProblemHttpResult>> RegisterDevice(
        RegisterDeviceRequest request, ClinicScope scope, DeviceStore devices, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        var errors = new ValidationErrors();
        if (errors.Require("id", request.Id) && !DeviceId().IsMatch(request.Id!))
        {
            errors.Add("id", "must be 3-64 characters of lower-case letters, digits and '-', starting with a letter or digit "
                + "(it becomes the MQTT client id, username and a topic level).");
        }

        errors.Require("kind", request.Kind);
        var clinicId = request.ClinicId ?? scope.ClinicId;
        if (clinicId is null)
        {
            errors.Add("clinicId", "is required for an administrator (the clinic that issues the device).");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var outcome = await devices.RegisterAsync(scope, request.Id!, request.Kind!.Value, clinicId!.Value, time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Done => TypedResults.Created($"/api/devices/{request.Id}", outcome.Value!),
            OutcomeKind.Invalid => Problems.Invalid(outcome),
            _ => Problems.For(outcome),
        };
    }

    /// <summary>
    /// Devices the caller may see; <c>patientId</c> keeps those assigned to that patient now (none for
    /// another clinic's patient); <c>q</c> searches device id and the patient's id and name; with
    /// <c>page</c> or <c>pageSize</c> the answer is one page with its total.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<DeviceResponse>>, Ok<PagedList<DeviceResponse>>, ValidationProblem>> ListDevices(
        ClinicScope scope, DeviceStore devices, string? clinicId, string? kind, string? status, string? patientId,
        [AsParameters] PageParameters paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paging);
        var errors = new ValidationErrors();
        var clinic = errors.OptionalGuid("clinicId", clinicId);
        var kindFilter = errors.OptionalCode<DeviceKind>("kind", kind);
        var statusFilter = errors.OptionalCode<DeviceStatus>("status", status);
        var patient = errors.OptionalGuid("patientId", patientId);
        var page = paging.Validate(errors, DeviceStore.SortKeys);
        if (!errors.IsEmpty || page is null)
        {
            return Problems.Validation(errors);
        }

        var list = await devices.ListAsync(scope, new DeviceFilter(clinic, kindFilter, statusFilter, patient), page, cancellationToken);
        return page.Paged ? TypedResults.Ok(list) : TypedResults.Ok(list.Items);
    }

    public static async Task<Results<Ok<DeviceResponse>, ProblemHttpResult>> GetDevice(
        string id, ClinicScope scope, DeviceStore devices, CancellationToken cancellationToken) =>
        await devices.GetAsync(scope, id, cancellationToken) is { } device
            ? TypedResults.Ok(device)
            : Problems.NotFound("device", id);

    public static async Task<Results<Ok<IReadOnlyList<DeviceAssignment>>, ProblemHttpResult>> ListAssignments(
        string id, ClinicScope scope, DeviceStore devices, CancellationToken cancellationToken) =>
        await devices.HistoryAsync(scope, id, cancellationToken) is { } history
            ? TypedResults.Ok(history)
            : Problems.NotFound("device", id);

    public static async Task<Results<Ok<DeviceResponse>, ProblemHttpResult>> RevokeDevice(
        string id, ClinicScope scope, DeviceStore devices, TimeProvider time, CancellationToken cancellationToken)
    {
        var outcome = await devices.RevokeAsync(scope, id, time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind == OutcomeKind.Done ? TypedResults.Ok(outcome.Value!) : Problems.For(outcome);
    }

    public static async Task<Results<Ok<DeviceResponse>, ValidationProblem, ProblemHttpResult>> AssignDevice(
        string id, AssignDeviceRequest request, ClinicScope scope, DeviceStore devices, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PatientId is not { } patientId)
        {
            return Problems.Validation("patientId", "is required.");
        }

        var outcome = await devices.AssignAsync(scope, id, patientId, time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Done => TypedResults.Ok(outcome.Value!),
            OutcomeKind.Invalid => Problems.Invalid(outcome),
            _ => Problems.For(outcome),
        };
    }

    /// <summary>The body is optional (<c>{}</c>).</summary>
    public static async Task<Results<Ok<DeviceResponse>, ProblemHttpResult>> UnassignDevice(
        string id, UnassignDeviceRequest? request, ClinicScope scope, DeviceStore devices, TimeProvider time, CancellationToken cancellationToken)
    {
        var outcome = await devices.UnassignAsync(scope, id, time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind == OutcomeKind.Done ? TypedResults.Ok(outcome.Value!) : Problems.For(outcome);
    }

    public static async Task<Results<Ok<InventoryResponse>, ProblemHttpResult>> GetInventory(
        Guid id, ClinicScope scope, DeviceStore devices, IOptions<DevicesOptions> options, CancellationToken cancellationToken) =>
        await devices.InventoryAsync(scope, id, options.Value.OximeterTargetPerClinic, cancellationToken) is { } inventory
            ? TypedResults.Ok(inventory)
            : Problems.NotFound("clinic", id);

    [GeneratedRegex(DeviceIdPattern)]
    private static partial Regex DeviceId();
}
