using System.Globalization;
using System.Reflection;
using System.Security.Claims;
using Monitoring.Hub.Audit;

namespace Monitoring.Hub.Auth;

/// <summary>
/// The signed-in user and the part of the registry they may see: one clinic for nurses and
/// doctors, every clinic for administrators. Built only from the token's claims, so it costs no
/// query. Handlers receive it as a parameter; every store method that reads or changes clinic
/// data takes it and restricts its SQL with <see cref="ClinicFilter"/>, answering "not found" for
/// another clinic's rows.
/// </summary>
public sealed record ClinicScope(Guid UserId, string Username, UserRole Role, Guid? ClinicId)
{
    public const string UserIdClaim = "sub";
    public const string UsernameClaim = "name";
    public const string RoleClaim = "role";
    public const string ClinicClaim = "clinic";
    public const string SessionClaim = "jti";

    /// <summary>Present (value "true") on a token that may only change its password (docs/api.md, "Accounts").</summary>
    public const string PasswordChangeClaim = "pwd_change";

    /// <summary>The session (<c>user_sessions</c> row) the token belongs to; revoking it refuses the token.</summary>
    public Guid? SessionId { get; init; }

    /// <summary>The account must change its password before anything else.</summary>
    public bool PasswordChangeOnly { get; init; }

    public bool IsAdmin => Role == UserRole.Admin;

    /// <summary>The clinic every query is restricted to, or null for "all clinics" (administrators).</summary>
    public Guid? ClinicFilter => IsAdmin ? null : ClinicId;

    public AuditActor Actor => new(UserId, Username);

    public bool CanSee(Guid clinicId) => IsAdmin || ClinicId == clinicId;

    /// <summary>The scope a principal's claims describe, or null when they describe none (a malformed token).</summary>
    public static ClinicScope? FromPrincipal(ClaimsPrincipal? principal)
    {
        if (principal?.Identity is not { IsAuthenticated: true }
            || !Guid.TryParse(principal.FindFirstValue(UserIdClaim), out var userId)
            || principal.FindFirstValue(UsernameClaim) is not { Length: > 0 } username
            || !Api.Codes.TryParse<UserRole>(principal.FindFirstValue(RoleClaim), out var role))
        {
            return null;
        }

        var clinicClaim = principal.FindFirstValue(ClinicClaim);
        Guid? clinicId = Guid.TryParse(clinicClaim, out var parsed) ? parsed : null;
        if (role == UserRole.Admin ? clinicClaim is not null : clinicId is null)
        {
            return null;
        }

        return new ClinicScope(userId, username, role, clinicId)
        {
            SessionId = Guid.TryParse(principal.FindFirstValue(SessionClaim), out var session) ? session : null,
            PasswordChangeOnly = principal.FindFirstValue(PasswordChangeClaim) == "true",
        };
    }

    /// <summary>Minimal-API binding: a handler parameter of this type is the caller's scope.</summary>
    public static ValueTask<ClinicScope?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<ClinicScope?>(FromPrincipal(context.User)
            ?? throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"{parameter?.Name} needs a signed-in user; map the endpoint under MapHubApi().")));
    }

    public IEnumerable<Claim> ToClaims()
    {
        yield return new Claim(UserIdClaim, UserId.ToString());
        yield return new Claim(UsernameClaim, Username);
        yield return new Claim(RoleClaim, Api.Codes.Of(Role));
        if (ClinicId is { } clinic)
        {
            yield return new Claim(ClinicClaim, clinic.ToString());
        }
    }
}
