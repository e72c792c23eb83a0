using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth.Accounts;
using Monitoring.Hub.Auth.Sessions;
using Monitoring.Hub.Auth.Throttling;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Auth;

/// <summary>
/// <c>POST /api/auth/login</c>, <c>GET /api/auth/me</c>, <c>POST /api/auth/password</c>,
/// <c>GET /api/auth/sessions</c> and <c>POST /api/auth/logout</c>.
/// </summary>
public static partial class AuthApi
{
    /// <summary>Verified against when the username is unknown, so both failures take the same time.</summary>
    private static readonly Lazy<string> TimingHash = new(() => new PasswordHasher<UserAccount>().HashPassword(new UserAccount(), Guid.NewGuid().ToString()));

    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var auth = api.MapGroup("/auth");
        auth.MapPost("/login", Login);
        auth.MapGet("/me", Me).WithMetadata(PasswordChangeAllowed.Instance);
        auth.MapPost("/password", ChangePassword).WithMetadata(PasswordChangeAllowed.Instance);
        auth.MapGet("/sessions", Sessions).WithMetadata(PasswordChangeAllowed.Instance);
        auth.MapPost("/logout", Logout).WithMetadata(PasswordChangeAllowed.Instance);
        return api;
    }

    /// <summary>
    /// A bearer token for a username and password. Wrong credentials answer 401 without saying
    /// which part was wrong. Failures slow further attempts down per account and address, per
    /// address, and per account from unfamiliar addresses (429 with Retry-After, before the
    /// password is checked); after Auth:Throttle:HardLockAfter failures the account answers 423 to
    /// addresses it has not signed in from until an administrator unlocks it.
    /// </summary>
    [AllowAnonymous]
    public static async Task<Results<Ok<LoginResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request,
        HttpContext http,
        UserStore users,
        AccountStore accounts,
        LoginThrottle throttle,
        IPasswordHasher<UserAccount> hasher,
        TokenIssuer issuer,
        IOptions<LoginThrottleOptions> throttleOptions,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        var errors = new ValidationErrors();
        errors.Text("username", request.Username, 1, 64);
        if (errors.Require("password", request.Password) && request.Password!.Length > UserRules.MaxPasswordLength)
        {
            errors.Add("password", $"must be at most {UserRules.MaxPasswordLength} characters long.");
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var logger = loggers.CreateLogger(typeof(AuthApi).FullName!);
        var username = request.Username!.Trim();
        var source = ClientSource.Of(http);
        var now = time.GetStoredUtcNow();
        var user = await users.FindByUsernameAsync(username, cancellationToken);
        var familiar = user is not null && await throttle.IsFamiliarAsync(user.Id, source, now, cancellationToken);
        if (user?.LockedAt is { } lockedAt && !familiar)
        {
            LogLockedAttempt(logger, user.Username, source);
            return Locked(lockedAt);
        }

        var attempt = await throttle.BeginAsync(ThrottleKeys.For(username, source), accountApplies: !familiar, now, cancellationToken);
        if (attempt.Refused)
        {
            LogThrottled(logger, username, source, attempt.Wait);
            return Throttled(http, attempt.Wait);
        }

        if (user is null)
        {
            hasher.VerifyHashedPassword(new UserAccount(), TimingHash.Value, request.Password!);
            LogUnknownUser(logger, username, source);
            return BadCredentials();
        }

        var verification = hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password!);
        if (verification == PasswordVerificationResult.Failed)
        {
            var hardLockAfter = throttleOptions.Value.HardLockAfter;
            if (hardLockAfter > 0 && attempt.AccountFailures >= hardLockAfter && user.LockedAt is null
                && await accounts.LockAsync(user, attempt.AccountFailures, source, now, cancellationToken))
            {
                LogHardLocked(logger, user.Username, attempt.AccountFailures, source);
            }

            LogWrongPassword(logger, user.Username, source, attempt.AccountFailures);
            return BadCredentials();
        }

        await throttle.SucceededAsync(attempt, user.Id, source, now, cancellationToken);
        if (user.DisabledAt is not null)
        {
            LogDisabledAttempt(logger, user.Username, source);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Account disabled",
                detail: "This account is disabled; an administrator can enable it.", extensions: new Dictionary<string, object?> { ["reason"] = "disabled" });
        }

        var rehash = verification == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, request.Password!) : null;
        var sessionId = Guid.CreateVersion7(now);
        var (token, expiresAt) = issuer.Issue(user.ToScope(), sessionId, user.MustChangePassword);
        await accounts.SignedInAsync(user, rehash, sessionId, expiresAt, user.MustChangePassword, source, UserAgent(http), now, cancellationToken);
        LogLoggedIn(logger, user.Username, Codes.Of(user.Role), source, sessionId, expiresAt);
        return TypedResults.Ok(new LoginResponse(token, expiresAt, user.MustChangePassword));
    }

    public static Ok<MeResponse> Me(ClinicScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return TypedResults.Ok(new MeResponse(scope.UserId, scope.Username, scope.Role, scope.ClinicId, scope.PasswordChangeOnly));
    }

    /// <summary>
    /// The caller's new password: the current one must be right (a wrong one counts as a failed
    /// sign-in for the throttle). Every session of the user ends — a stolen token with it — and
    /// the answer carries a new token for this one.
    /// </summary>
    public static async Task<Results<Ok<LoginResponse>, ValidationProblem, ProblemHttpResult>> ChangePassword(
        ChangePasswordRequest request,
        ClinicScope scope,
        HttpContext http,
        UserStore users,
        AccountStore accounts,
        LoginThrottle throttle,
        IPasswordHasher<UserAccount> hasher,
        TokenIssuer issuer,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        var errors = new ValidationErrors();
        if (errors.Require("currentPassword", request.CurrentPassword) && request.CurrentPassword!.Length > UserRules.MaxPasswordLength)
        {
            errors.Add("currentPassword", $"must be at most {UserRules.MaxPasswordLength} characters long.");
        }

        if (errors.Require("newPassword", request.NewPassword))
        {
            if (request.NewPassword!.Length is < UserRules.MinPasswordLength or > UserRules.MaxPasswordLength)
            {
                errors.Add("newPassword", $"must be {UserRules.MinPasswordLength} to {UserRules.MaxPasswordLength} characters long.");
            }
            else if (request.NewPassword == request.CurrentPassword)
            {
                errors.Add("newPassword", "must differ from the current password.");
            }
        }

        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }

        var user = await users.GetAsync(scope.UserId, cancellationToken);
        if (user is null)
        {
            return Problems.NotFound("user", scope.UserId);
        }

        var source = ClientSource.Of(http);
        var now = time.GetStoredUtcNow();
        var attempt = await throttle.BeginAsync(ThrottleKeys.For(user.Username, source), accountApplies: false, now, cancellationToken);
        if (attempt.Refused)
        {
            return Throttled(http, attempt.Wait);
        }

        if (hasher.VerifyHashedPassword(user, user.PasswordHash, request.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            LogWrongPassword(loggers.CreateLogger(typeof(AuthApi).FullName!), user.Username, source, attempt.AccountFailures);
            return Problems.Validation("currentPassword", "is not the current password.");
        }

        await throttle.SucceededAsync(attempt, user.Id, source, now, cancellationToken);
        var sessionId = Guid.CreateVersion7(now);
        var (token, expiresAt) = issuer.Issue(user.ToScope(), sessionId);
        await accounts.ChangePasswordAsync(user, hasher.HashPassword(user, request.NewPassword!), sessionId, expiresAt, source, UserAgent(http), now, cancellationToken);
        LogPasswordChanged(loggers.CreateLogger(typeof(AuthApi).FullName!), user.Username, source);
        return TypedResults.Ok(new LoginResponse(token, expiresAt));
    }

    /// <summary>The caller's open sessions, newest first.</summary>
    public static async Task<Ok<IReadOnlyList<SessionResponse>>> Sessions(ClinicScope scope, SessionStore sessions, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return TypedResults.Ok(await sessions.ListOpenAsync(scope.UserId, scope.SessionId, time.GetStoredUtcNow(), cancellationToken));
    }

    /// <summary>Ends this session, or with <c>{all: true}</c> every session of the user (their wall connections close).</summary>
    public static async Task<NoContent> Logout(LogoutRequest? request, ClinicScope scope, HttpContext http, AccountStore accounts, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await accounts.SignOutAsync(scope, ClientSource.Actor(scope, http), request?.All == true, time.GetStoredUtcNow(), cancellationToken);
        return TypedResults.NoContent();
    }

    private static string? UserAgent(HttpContext http) => http.Request.Headers.UserAgent is { Count: > 0 } agent ? agent.ToString() : null;

    private static ProblemHttpResult BadCredentials() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Login failed", detail: "Unknown username or wrong password.");

    private static ProblemHttpResult Throttled(HttpContext http, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many failed sign-ins",
            detail: string.Create(CultureInfo.InvariantCulture, $"Too many failed sign-ins from this address or for this account: try again in {seconds} s."),
            extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
    }

    private static ProblemHttpResult Locked(DateTimeOffset lockedAt) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status423Locked,
            title: "Account locked",
            detail: "Too many failed sign-ins: the account is locked since "
                + lockedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                + " for addresses it has not signed in from; an administrator can unlock it.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login failed: unknown username {Username} from {Source}")]
    private static partial void LogUnknownUser(ILogger logger, string username, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login failed: wrong password for {Username} from {Source} ({AccountFailures} failures of the account)")]
    private static partial void LogWrongPassword(ILogger logger, string username, string source, int accountFailures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login throttled: {Username} from {Source} must wait {Wait}")]
    private static partial void LogThrottled(ILogger logger, string username, string source, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Username} hard-locked after {AccountFailures} failed sign-ins (last from {Source})")]
    private static partial void LogHardLocked(ILogger logger, string username, int accountFailures, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login refused: account {Username} is locked (attempt from {Source})")]
    private static partial void LogLockedAttempt(ILogger logger, string username, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login refused: account {Username} is disabled (attempt from {Source})")]
    private static partial void LogDisabledAttempt(ILogger logger, string username, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {Username} ({Role}) logged in from {Source}; session {SessionId} valid until {ExpiresAt}")]
    private static partial void LogLoggedIn(ILogger logger, string username, string role, string source, Guid sessionId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {Username} changed their password from {Source}; their other sessions ended")]
    private static partial void LogPasswordChanged(ILogger logger, string username, string source);
}
