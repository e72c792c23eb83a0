using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Auth.Throttling;

/// <summary>
/// <c>Auth:Throttle</c>: how failed sign-ins slow down further attempts. Each key (an account
/// from one address, an address for any account, an account from any address) allows some free
/// failures, then makes the next attempt wait <see cref="BaseDelay"/> doubled per further failure,
/// up to <see cref="MaxDelay"/>. See docs/operations.md ("Sign-in throttling").
/// </summary>
public sealed class LoginThrottleOptions
{
    public const string SectionName = "Auth:Throttle";

    /// <summary>Failures of one account from one address before its attempts from there wait.</summary>
    [Range(1, 1000, ErrorMessage = "Auth:Throttle:PairFreeFailures must be between 1 and 1000.")]
    public int PairFreeFailures { get; set; } = 5;

    /// <summary>Failures from one address, whatever the account, before every attempt from there waits (password spraying).</summary>
    [Range(1, 10000, ErrorMessage = "Auth:Throttle:SourceFreeFailures must be between 1 and 10000.")]
    public int SourceFreeFailures { get; set; } = 20;

    /// <summary>
    /// Failures of one account, from any address, before attempts from addresses the account has
    /// not signed in from wait (a guess spread over many addresses).
    /// </summary>
    [Range(1, 10000, ErrorMessage = "Auth:Throttle:AccountFreeFailures must be between 1 and 10000.")]
    public int AccountFreeFailures { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Auth:Throttle:BaseDelay must be between 00:00:00.100 and 00:10:00.")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Auth:Throttle:MaxDelay must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A key whose last failure is this old starts again from zero.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Auth:Throttle:ForgetAfter must be between 00:01:00 and 30.00:00:00.")]
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Failures of one account (any address, within <see cref="ForgetAfter"/>) that lock it for
    /// unfamiliar addresses until an administrator unlocks it; 0 turns the hard lock off.
    /// </summary>
    [Range(0, 100000, ErrorMessage = "Auth:Throttle:HardLockAfter must be between 0 and 100000.")]
    public int HardLockAfter { get; set; } = 100;

    /// <summary>How long an address stays "familiar" to an account after a successful sign-in from it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "Auth:Throttle:FamiliarSourceFor must be between 00:00:00 and 365.00:00:00.")]
    public TimeSpan FamiliarSourceFor { get; set; } = TimeSpan.FromDays(30);
}
