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

    /// <summary>Consecutive failed logins that lock an account.</summary>
    [Range(1, 100, ErrorMessage = "Auth:MaxFailedLogins must be between 1 and 100.")]
    public int MaxFailedLogins { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Auth:LockoutDuration must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

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
