using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Monitoring.Hub.Api;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Auth.Accounts;

/// <summary>
/// <c>POST /api/users/{id}/disable</c> · <c>/enable</c> · <c>/reset-password</c> · <c>/unlock</c>:
/// administrators for every account, doctors for their clinic's nurses (<see cref="AccountAccess"/>).
/// </summary>
public static class AccountsApi
{
    /// <summary>Letters and digits that cannot be mistaken for each other when read out on the phone.</summary>
    private const string TemporaryAlphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679";

    public static RouteGroupBuilder MapAccountsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var users = api.MapGroup("/users/{id:guid}").RequireAuthorization(Policies.AccountManager);
        users.MapPost("/disable", Disable);
        users.MapPost("/enable", Enable);
        users.MapPost("/reset-password", ResetPassword);
        users.MapPost("/unlock", Unlock);
        return api;
    }

    /// <summary>Disables the account and ends its sessions: its tokens are refused and its wall connections closed.</summary>
    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Disable(
        Guid id, ClinicScope scope, HttpContext http, UserStore users, AccountStore accounts, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (AccountAccess.Check(scope, await users.GetAsync(id, cancellationToken), id) is { } refused)
        {
            return refused;
        }

        if (id == scope.UserId)
        {
            return Problems.Conflict("You cannot disable your own account.");
        }

        return Answer(await accounts.DisableAsync(ClientSource.Actor(scope, http), id, time.GetStoredUtcNow(), cancellationToken));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Enable(
        Guid id, ClinicScope scope, HttpContext http, UserStore users, AccountStore accounts, TimeProvider time, CancellationToken cancellationToken) =>
        AccountAccess.Check(scope, await users.GetAsync(id, cancellationToken), id) is { } refused
            ? refused
            : Answer(await accounts.EnableAsync(ClientSource.Actor(scope, http), id, time.GetStoredUtcNow(), cancellationToken));

    /// <summary>Clears the hard lock and the account's failed sign-ins from every address.</summary>
    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Unlock(
        Guid id, ClinicScope scope, HttpContext http, UserStore users, AccountStore accounts, TimeProvider time, CancellationToken cancellationToken) =>
        AccountAccess.Check(scope, await users.GetAsync(id, cancellationToken), id) is { } refused
            ? refused
            : Answer(await accounts.UnlockAsync(ClientSource.Actor(scope, http), id, time.GetStoredUtcNow(), cancellationToken));

    /// <summary>
    /// A temporary password (given, or chosen by the hub and shown once) that must be changed at
    /// the next sign-in; the account's sessions end and its lock is cleared.
    /// </summary>
    public static async Task<Results<Ok<ResetPasswordResponse>, ValidationProblem, ProblemHttpResult>> ResetPassword(
        Guid id,
        ResetPasswordRequest? request,
        ClinicScope scope,
        HttpContext http,
        UserStore users,
        AccountStore accounts,
        IPasswordHasher<UserAccount> hasher,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var temporary = request?.TemporaryPassword;
        if (temporary is not null && temporary.Length is < UserRules.MinPasswordLength or > UserRules.MaxPasswordLength)
        {
            return Problems.Validation("temporaryPassword", $"must be {UserRules.MinPasswordLength} to {UserRules.MaxPasswordLength} characters long, or omitted to have one chosen.");
        }

        var target = await users.GetAsync(id, cancellationToken);
        if (AccountAccess.Check(scope, target, id) is { } refused)
        {
            return refused;
        }

        if (id == scope.UserId)
        {
            return Problems.Conflict("Change your own password with POST /api/auth/password.");
        }

        temporary ??= RandomNumberGenerator.GetString(TemporaryAlphabet, 12);
        var outcome = await accounts.ResetPasswordAsync(ClientSource.Actor(scope, http), id, hasher.HashPassword(target!, temporary), time.GetStoredUtcNow(), cancellationToken);
        return outcome.Kind == OutcomeKind.Done
            ? TypedResults.Ok(new ResetPasswordResponse(outcome.Value!, temporary))
            : Problems.For(outcome);
    }

    private static Results<Ok<UserResponse>, ProblemHttpResult> Answer(Outcome<UserResponse> outcome) =>
        outcome.Kind == OutcomeKind.Done ? TypedResults.Ok(outcome.Value!) : Problems.For(outcome);
}
