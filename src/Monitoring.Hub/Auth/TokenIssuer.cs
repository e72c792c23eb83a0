using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Monitoring.Hub.Auth;

/// <summary>Issues the signed JWT a login returns; its claims are exactly a <see cref="ClinicScope"/> and its session.</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, TokenSigningKey signingKey, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// A token for <paramref name="user"/> whose jti is <paramref name="sessionId"/> (its
    /// <c>user_sessions</c> row); with <paramref name="passwordChangeOnly"/> it carries the claim
    /// that limits it to changing the password.
    /// </summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(ClinicScope user, Guid sessionId, bool passwordChangeOnly = false) =>
        Issue(user, sessionId, options.Value.TokenLifetime, passwordChangeOnly ? new Dictionary<string, object> { [ClinicScope.PasswordChangeClaim] = "true" } : null);

    /// <summary>
    /// A token of the same user and session (so signing out ends it too) that lives <paramref name="lifetime"/>
    /// and carries <paramref name="extraClaims"/>, e.g. the short-lived one that opens the job dashboard.
    /// </summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(ClinicScope user, Guid sessionId, TimeSpan lifetime, IReadOnlyDictionary<string, object>? extraClaims)
    {
        ArgumentNullException.ThrowIfNull(user);
        var settings = options.Value;
        var now = time.GetUtcNow();
        // Whole seconds: JWT times are NumericDate seconds, and expiresAt should say what the token says.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var expiresAt = issuedAt + lifetime;
        var claims = user.ToClaims().ToDictionary(c => c.Type, c => (object)c.Value);
        claims[JwtRegisteredClaimNames.Jti] = sessionId.ToString();
        foreach (var (type, value) in extraClaims ?? new Dictionary<string, object>())
        {
            claims[type] = value;
        }

        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expiresAt);
    }
}
