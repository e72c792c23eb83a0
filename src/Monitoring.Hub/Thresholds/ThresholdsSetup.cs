using Monitoring.Domain.Thresholds;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Thresholds;

public static class ThresholdsSetup
{
    /// <summary>Changing thresholds and escalation ladders: doctors and administrators (nurses read them).</summary>
    public const string EditorPolicy = "threshold-editor";

    /// <summary>
    /// Default thresholds from the <c>Thresholds</c> section (validated at start; every key is
    /// optional, the built-in defaults are clinical-rules §2), the overrides store with its cache,
    /// and the editor policy.
    /// </summary>
    public static IServiceCollection AddThresholds(this IServiceCollection services)
    {
        services.AddOptions<AlarmThresholds>()
            .BindConfiguration(AlarmThresholds.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ThresholdStore>();
        services.AddAuthorizationBuilder().AddPolicy(EditorPolicy, p => p
            .RequireAuthenticatedUser()
            .RequireRole(Codes.Of(UserRole.Doctor), Codes.Of(UserRole.Admin)));
        return services;
    }
}
