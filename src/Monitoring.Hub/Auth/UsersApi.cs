using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Monitoring.Hub.Database;
using Monitoring.Hub.Api;
using Monitoring.Hub.Registry;

namespace Monitoring.Hub.Auth;

/// <summary>
/// <c>POST /api/users</c> (administrators) and <c>GET /api/users</c> (administrators every
/// account, doctors their own clinic's; see Accounts/AccountAccess).
/// </summary>
public static partial class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var users = api.MapGroup("/users");
        users.MapPost("/", CreateUser).RequireAuthorization(Policies.Admin);
        users.MapGet("/", ListUsers).RequireAuthorization(Policies.AccountManager);
        return api;
    }

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateUser(
        CreateUserRequest request,
        ClinicScope scope,
        HttpContext http,
        UserStore users,
        ClinicStore clinics,
        IPasswordHasher<UserAccount> hasher,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        if (errors.Require("username", request.Username) && !Username().IsMatch(request.Username!))
        {
            errors.Add("username", "may contain letters, digits, '.', '_' and '-', starting with a letter or digit (3-64 characters).");
        }

        if (errors.Require("password", request.Password)
            && request.Password!.Length is < UserRules.MinPasswordLength or > UserRules.MaxPasswordLength)
        {
            errors.Add("password", $"must be {UserRules.MinPasswordLength} to {UserRules.MaxPasswordLength} characters long.");
        }

        if (errors.Require("role", request.Role))
        {
            if (request.Role == UserRole.Admin && request.ClinicId is not null)
            {
                errors.Add("clinicId", "must be omitted for an administrator, who sees every clinic.");
            }
            else if (request.Role != UserRole.Admin
                && errors.Require("clinicId", request.ClinicId)
                && await clinics.GetAsync(scope, request.ClinicId!.Value, cancellationToken) is null)
            {
                errors.Add("clinicId", "names no existing clinic.");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var hash = hasher.HashPassword(new UserAccount(), request.Password!);
        var created = await users.CreateAsync(ClientSource.Actor(scope, http), request.Username!, hash, request.Role!.Value, request.ClinicId, time.GetStoredUtcNow(), cancellationToken);
        return created is null
            ? Problems.Conflict($"The username '{request.Username}' is taken.")
            : TypedResults.Created($"/api/users/{created.Id}", created);
    }

    public static async Task<Ok<IReadOnlyList<UserResponse>>> ListUsers(ClinicScope scope, UserStore users, Guid? clinicId, CancellationToken cancellationToken) =>
        TypedResults.Ok(await users.ListAsync(scope, clinicId, cancellationToken));

    [GeneratedRegex(UserRules.UsernamePattern)]
    private static partial Regex Username();
}
