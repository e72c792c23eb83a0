using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Monitoring.Hub.Auth;

/// <summary>The key that signs and checks bearer tokens: Auth:SigningKey, or the development key in Development.</summary>
public sealed partial class TokenSigningKey
{
    public TokenSigningKey(IOptions<AuthOptions> options, ILogger<TokenSigningKey> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.SigningKey;
        if (string.IsNullOrEmpty(configured))
        {
            // Only reachable in Development: AuthOptionsValidator refuses a missing key elsewhere.
            LogDevelopmentKey(logger);
            configured = AuthOptions.DevelopmentSigningKey;
        }

        Key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configured)) { KeyId = "hub-1" };
    }

    public SymmetricSecurityKey Key { get; }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Auth:SigningKey is not set: bearer tokens are signed with the published development key (Development only)")]
    private static partial void LogDevelopmentKey(ILogger logger);
}
