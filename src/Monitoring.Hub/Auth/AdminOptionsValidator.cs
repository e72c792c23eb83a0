using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Auth;

/// <summary>Outside Development the hub refuses to start without a bootstrap administrator password.</summary>
public sealed class AdminOptionsValidator(IHostEnvironment environment) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.Password))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Admin:Password is required outside Development (env Admin__Password): it is the bootstrap administrator's password.");
        }

        return options.Password.Length is < UserRules.MinPasswordLength or > UserRules.MaxPasswordLength
            ? ValidateOptionsResult.Fail($"Admin:Password must be {UserRules.MinPasswordLength} to {UserRules.MaxPasswordLength} characters long.")
            : ValidateOptionsResult.Success;
    }
}
