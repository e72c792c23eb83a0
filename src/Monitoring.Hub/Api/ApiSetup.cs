using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Api;

public static class ApiSetup
{
    /// <summary>JSON conventions, RFC 7807 problems for every error, request limits, and the clock.</summary>
    public static IServiceCollection AddHubApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));

        // Unreadable bodies throw (instead of a silent empty 400) so ApiExceptionHandler can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();

        // The one clock; tests replace it.
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Errors as problems (exceptions, and empty 401/403/404/405 answers from authentication and
    /// routing), the body-size cap, then authentication and authorization: in this order, so the
    /// first two see what the last two answer.
    /// </summary>
    public static WebApplication UseHubApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// The <c>/api</c> route group every feature maps into. It is where access is decided for all
    /// endpoints at once: a signed-in clinician is required (endpoints narrow it with a named
    /// policy, or open it with <c>[AllowAnonymous]</c>), and every handler must take the caller's
    /// <see cref="ClinicScope"/>, which the stores use to restrict each query to the caller's clinic.
    /// </summary>
    public static RouteGroupBuilder MapHubApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.RequireAuthorization(Policies.Clinician);
        api.RequireClinicScope();
        return api;
    }
}
