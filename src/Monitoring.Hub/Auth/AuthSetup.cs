using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Auth;

public static class AuthSetup
{
    /// <summary>
    /// Bearer tokens (JwtBearer, HMAC-SHA256 with Auth:SigningKey), role policies, password
    /// hashing, and the bootstrap administrator.
    /// </summary>
    public static IServiceCollection AddAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();

        services.AddSingleton<TokenSigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<IDatabaseSeeder, BootstrapAdministrator>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, TokenSigningKey, TimeProvider>(ConfigureBearer);
        services.AddAuthorizationBuilder().AddHubPolicies();
        return services;
    }

    private static void ConfigureBearer(JwtBearerOptions bearer, IOptions<AuthOptions> options, TokenSigningKey signingKey, TimeProvider time)
    {
        var settings = options.Value;
        bearer.MapInboundClaims = false;
        bearer.TimeProvider = time;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.Audience,
            IssuerSigningKey = signingKey.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = ClinicScope.UsernameClaim,
            RoleClaimType = ClinicScope.RoleClaim,
            // Expiry against the hub's own clock (TimeProvider), like every other time rule.
            LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = time.GetStoredUtcNow().UtcDateTime;
                return expires is { } exp && exp > now - parameters.ClockSkew
                    && (notBefore is not { } nbf || nbf <= now + parameters.ClockSkew);
            },
        };
        bearer.Events = new JwtBearerEvents
        {
            // A validly signed token whose claims describe no user scope is refused here, so every
            // authenticated request has a ClinicScope.
            OnTokenValidated = context =>
            {
                if (ClinicScope.FromPrincipal(context.Principal) is null)
                {
                    context.Fail("The token does not describe a user and clinic.");
                }

                return Task.CompletedTask;
            },
        };
    }
}
