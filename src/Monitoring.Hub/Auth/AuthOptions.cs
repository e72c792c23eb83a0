using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Auth;

public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// Key of the bearer tokens' HMAC-SHA256 signature, at least 32 characters. Required outside
    /// Development; in Development <see cref="DevelopmentSigningKey"/> stands in when it is absent.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a login lasts; 12 h covers a nurse's shift.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Auth:TokenLifetime must be between 00:01:00 and 7.00:00:00.")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How often each hub reads sessions revoked on other hubs: the longest a revoked token keeps
    /// working on another hub (on the hub that revoked it, it stops at once).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Auth:SessionRefreshInterval must be between 00:00:00.100 and 00:01:00.")]
    public TimeSpan SessionRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Required]
    public string Issuer { get; set; } = "monitoring-hub";

    [Required]
    public string Audience { get; set; } = "monitoring-hub";

    /// <summary>
    /// Development-only stand-in for <see cref="SigningKey"/> (documented in docs/api.md). Anyone
    /// can read it here, so tokens signed with it prove nothing; the hub refuses it outside Development.
    /// </summary>
    public const string DevelopmentSigningKey = "monitoring-hub-development-signing-key-do-not-use-in-production";

    public const int MinimumSigningKeyLength = 32;
}
