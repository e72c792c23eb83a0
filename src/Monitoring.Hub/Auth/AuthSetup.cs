using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth.Accounts;
using Monitoring.Hub.Auth.Sessions;
using Monitoring.Hub.Auth.Throttling;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Auth;

public static class AuthSetup
{
    private const string SessionEndedItem = "Monitoring.Hub.Auth.SessionEnded";
    private const string SessionUncheckedItem = "Monitoring.Hub.Auth.SessionUnchecked";

    /// <summary>
    /// Bearer tokens (JwtBearer, HMAC-SHA256 with Auth:SigningKey) checked against their session
    /// on every request, role policies, password hashing, sign-in throttling, account lifecycle,
    /// and the bootstrap administrator.
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
        services.AddOptions<LoginThrottleOptions>()
            .BindConfiguration(LoginThrottleOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SessionRevocations>();
        services.AddHostedService<SessionRevocationPoller>();
        services.AddSingleton<AccountStore>();
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
            // authenticated request has a ClinicScope; so is one whose session has ended
            // (signed out, disabled, password reset or changed): the check that makes revocation bite.
            OnTokenValidated = async context =>
            {
                var scope = ClinicScope.FromPrincipal(context.Principal);
                if (scope is null)
                {
                    context.Fail("The token does not describe a user and clinic.");
                    return;
                }

                SessionEndReason? reason;
                try
                {
                    reason = scope.SessionId is { } sessionId
                        ? await context.HttpContext.RequestServices.GetRequiredService<SessionRevocations>().EndReasonAsync(sessionId, context.HttpContext.RequestAborted)
                        : SessionEndReason.UnknownSession;
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
                {
                    // PostgreSQL is away and this hub has not seen the session yet: not a reason to
                    // sign the user out (a 401 would make the dashboard drop a valid token).
                    context.HttpContext.Items[SessionUncheckedItem] = true;
                    context.Fail("The session could not be checked: the database does not answer.");
                    return;
                }

                if (reason is { } ended)
                {
                    context.HttpContext.Items[SessionEndedItem] = ended;
                    context.Fail($"The session has ended ({Codes.Of(ended)}).");
                }
            },
            // The dashboard shows why a session ended: the 401 names the reason.
            OnChallenge = async context =>
            {
                if (context.HttpContext.Items.ContainsKey(SessionUncheckedItem))
                {
                    context.HandleResponse();
                    await Problems.Unavailable("The session could not be checked because the database does not answer; nothing was done. Try again.")
                        .ExecuteAsync(context.HttpContext);
                    return;
                }

                if (context.HttpContext.Items[SessionEndedItem] is not SessionEndReason reason)
                {
                    return;
                }

                context.HandleResponse();
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The session has ended\"";
                await TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Session ended",
                    detail: $"This session has ended ({Codes.Of(reason)}); sign in again.",
                    extensions: new Dictionary<string, object?> { ["reason"] = Codes.Of(reason) }).ExecuteAsync(context.HttpContext);
            },
        };
    }
}
