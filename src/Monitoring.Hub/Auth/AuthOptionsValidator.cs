using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Auth;

/// <summary>The signing key is required outside Development, and must never be the published development key there.</summary>
public sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(options.SigningKey))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"Auth:SigningKey is required outside Development (a random secret of at least {AuthOptions.MinimumSigningKeyLength} characters, "
                    + "e.g. env Auth__SigningKey=$(openssl rand -base64 48)).");
        }

        if (options.SigningKey.Length < AuthOptions.MinimumSigningKeyLength)
        {
            return ValidateOptionsResult.Fail($"Auth:SigningKey must be at least {AuthOptions.MinimumSigningKeyLength} characters long.");
        }

        if (!environment.IsDevelopment() && options.SigningKey == AuthOptions.DevelopmentSigningKey)
        {
            return ValidateOptionsResult.Fail("Auth:SigningKey is the published development key; set a secret one outside Development.");
        }

        return ValidateOptionsResult.Success;
    }
}
