using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Auth.Sessions;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Auth;

/// <summary>
/// Ensures the administrator named by Admin:Username exists, after every migration run. Without a
/// password (allowed in Development only) nobody is created.
/// </summary>
/// <remarks>
/// Admin:Password is applied when it is <em>new</em>: at creation, and when it differs from the
/// value applied last time (remembered as a hash in <c>users.bootstrap_password_hash</c>). A
/// restart with the same configured value therefore leaves a password changed or reset through
/// the API alone, and never enables a disabled account, clears a must-change mark or a lock. An
/// operator who sets a new value has access to the server's configuration and takes the account
/// back on purpose: the password is set, the hard lock cleared and the account's sessions ended.
/// See docs/operations.md ("The bootstrap administrator").
/// </remarks>
public sealed partial class BootstrapAdministrator(
    IOptions<AdminOptions> options,
    UserStore users,
    SessionRevocations revocations,
    IPasswordHasher<UserAccount> hasher,
    TimeProvider time,
    ILogger<BootstrapAdministrator> logger) : IDatabaseSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.Password))
        {
            LogNoPassword(logger, settings.Username);
            return;
        }

        var password = settings.Password;
        var (changed, ended) = await users.EnsureAdministratorAsync(settings.Username, existing => Decide(existing, password), time.GetStoredUtcNow(), cancellationToken);
        if (ended.Count > 0)
        {
            revocations.Ended(ended, SessionEndReason.PasswordSetByConfiguration);
        }

        if (changed)
        {
            LogEnsured(logger, settings.Username);
        }
    }

    private (string? PasswordHash, string? BootstrapHash) Decide(UserAccount? existing, string password)
    {
        if (existing is null)
        {
            var hash = hasher.HashPassword(new UserAccount(), password);
            return (hash, hash);
        }

        if (existing.BootstrapPasswordHash is { } applied)
        {
            // Applied before: whatever happened to the account since through the API stands.
            return Verifies(existing, applied, password) ? (null, null) : New();
        }

        // A database from before bootstrap_password_hash: the current password is the configured one when it verifies.
        return Verifies(existing, existing.PasswordHash, password) ? (null, existing.PasswordHash) : New();

        (string?, string?) New()
        {
            var hash = hasher.HashPassword(existing, password);
            return (hash, hash);
        }
    }

    private bool Verifies(UserAccount user, string hash, string password) =>
        hasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin:Password is not set: no bootstrap administrator '{Username}' is created (Development only)")]
    private static partial void LogNoPassword(ILogger logger, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap administrator '{Username}' created or its password set from a new Admin:Password")]
    private static partial void LogEnsured(ILogger logger, string username);
}
