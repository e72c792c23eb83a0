using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Database;
using Monitoring.Hub.Api;

namespace Monitoring.Hub.Auth;

/// <summary><c>POST /api/auth/login</c> and <c>GET /api/auth/me</c>.</summary>
public static partial class AuthApi
{
    /// <summary>Verified against when the username is unknown, so both failures take the same time.</summary>
    private static readonly Lazy<string> TimingHash = new(() => new PasswordHasher<UserAccount>().HashPassword(new UserAccount(), Guid.NewGuid().ToString()));

    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var auth = api.MapGroup("/auth");
        auth.MapPost("/login", Login);
        auth.MapGet("/me", Me);
        return api;
    }

    /// <summary>
    /// A bearer token for a username and password. Wrong credentials answer 401 without saying
    /// which part was wrong; after Auth:MaxFailedLogins failures in a row the account is locked
    /// for Auth:LockoutDuration and every attempt (even a correct one) answers 423 with Retry-After.
    /// </summary>
    [AllowAnonymous]
    public static async Task<Results<Ok<LoginResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request,
        HttpContext http,
        UserStore users,
        IPasswordHasher<UserAccount> hasher,
        TokenIssuer issuer,
        IOptions<AuthOptions> options,
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
        var settings = options.Value;
        var username = request.Username!.Trim();
        var now = time.GetStoredUtcNow();
        var user = await users.FindByUsernameAsync(username, cancellationToken);
        if (user is null)
        {
            hasher.VerifyHashedPassword(new UserAccount(), TimingHash.Value, request.Password!);
            LogUnknownUser(logger, username);
            return BadCredentials();
        }

        if (user.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            LogLockedAttempt(logger, user.Username, lockedUntil);
            return Locked(http, lockedUntil, now);
        }

        var verification = hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password!);
        if (verification == PasswordVerificationResult.Failed)
        {
            var outcome = await users.RecordFailedLoginAsync(user.Id, now, settings.MaxFailedLogins, settings.LockoutDuration, cancellationToken);
            if (outcome.LockedNow)
            {
                LogLockedOut(logger, user.Username, outcome.FailedLogins, outcome.LockedUntil!.Value);
                return Locked(http, outcome.LockedUntil.Value, now);
            }

            LogWrongPassword(logger, user.Username, outcome.FailedLogins);
            return BadCredentials();
        }

        var rehash = verification == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user, request.Password!) : null;
        await users.RecordSuccessfulLoginAsync(user.Id, now, rehash, cancellationToken);
        var (token, expiresAt) = issuer.Issue(user.ToScope());
        LogLoggedIn(logger, user.Username, Codes.Of(user.Role), expiresAt);
        return TypedResults.Ok(new LoginResponse(token, expiresAt));
    }

    public static Ok<MeResponse> Me(ClinicScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return TypedResults.Ok(new MeResponse(scope.UserId, scope.Username, scope.Role, scope.ClinicId));
    }

    private static ProblemHttpResult BadCredentials() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Login failed", detail: "Unknown username or wrong password.");

    private static ProblemHttpResult Locked(HttpContext http, DateTimeOffset lockedUntil, DateTimeOffset now)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((lockedUntil - now).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status423Locked,
            title: "Account locked",
            detail: "Too many failed logins: the account is locked until " + lockedUntil.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + ".");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login failed: unknown username {Username}")]
    private static partial void LogUnknownUser(ILogger logger, string username);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login failed: wrong password for {Username} ({FailedLogins} in a row)")]
    private static partial void LogWrongPassword(ILogger logger, string username, int failedLogins);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {Username} locked until {LockedUntil} after {FailedLogins} failed logins")]
    private static partial void LogLockedOut(ILogger logger, string username, int failedLogins, DateTimeOffset lockedUntil);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Login refused: account {Username} is locked until {LockedUntil}")]
    private static partial void LogLockedAttempt(ILogger logger, string username, DateTimeOffset lockedUntil);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {Username} ({Role}) logged in; token valid until {ExpiresAt}")]
    private static partial void LogLoggedIn(ILogger logger, string username, string role, DateTimeOffset expiresAt);
}
