using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Auth;

/// <summary>
/// Ensures the administrator named by Admin:Username exists with Admin:Password, after every
/// migration run. Without a password (allowed in Development only) nobody is created.
/// </summary>
public sealed partial class BootstrapAdministrator(
    IOptions<AdminOptions> options,
    UserStore users,
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
        var changed = await users.EnsureAdministratorAsync(
            settings.Username,
            existing => existing is not null
                && hasher.VerifyHashedPassword(existing, existing.PasswordHash, password) != PasswordVerificationResult.Failed
                    ? null
                    : hasher.HashPassword(existing ?? new UserAccount(), password),
            time.GetStoredUtcNow(),
            cancellationToken);
        if (changed)
        {
            LogEnsured(logger, settings.Username);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Admin:Password is not set: no bootstrap administrator '{Username}' is created (Development only)")]
    private static partial void LogNoPassword(ILogger logger, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap administrator '{Username}' created or its password set from configuration")]
    private static partial void LogEnsured(ILogger logger, string username);
}
