using Microsoft.AspNetCore.Routing.Patterns;
using Serilog;
using Serilog.Events;

namespace Monitoring.Hub.Hosting;

/// <summary>
/// Reads the device, patient and alarm ids out of a request's route for its request-log event,
/// under the property names the hub's own log messages use (<c>DeviceId</c>, <c>PatientId</c>,
/// <c>AlarmId</c>), so one query finds both. A route names them either by parameter
/// (<c>/api/patients/{patientId}/alarms/{alarmId}/acknowledge</c>) or as the <c>{id}</c> after its
/// collection (<c>/api/devices/{id}/assign</c>).
/// </summary>
internal static class RequestLogIds
{
    public static void Enrich(IDiagnosticContext context, HttpContext http)
    {
        if (http.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return;
        }

        foreach (var (property, value) in Of(endpoint.RoutePattern, http.Request.RouteValues))
        {
            context.Set(property, value);
        }
    }

    public static LogEventLevel LevelOf(HttpContext http, double elapsedMs, Exception? error) =>
        error is not null || http.Response.StatusCode >= StatusCodes.Status500InternalServerError ? LogEventLevel.Error
        : http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/metrics") ? LogEventLevel.Debug
        : LogEventLevel.Information;

    public static IEnumerable<(string Property, string Value)> Of(RoutePattern pattern, RouteValueDictionary values)
    {
        string? collection = null;
        foreach (var segment in pattern.PathSegments)
        {
            if (!segment.IsSimple)
            {
                collection = null;
                continue;
            }

            switch (segment.Parts[0])
            {
                case RoutePatternLiteralPart literal:
                    collection = literal.Content;
                    break;
                case RoutePatternParameterPart parameter:
                    if (PropertyFor(parameter.Name, collection) is { } property && values.TryGetValue(parameter.Name, out var value) && value is not null)
                    {
                        yield return (property, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
                    }

                    collection = null;
                    break;
            }
        }
    }

    private static string? PropertyFor(string parameter, string? collection) => parameter switch
    {
        "deviceId" => "DeviceId",
        "patientId" => "PatientId",
        "alarmId" => "AlarmId",
        "id" => collection switch
        {
            "devices" => "DeviceId",
            "patients" => "PatientId",
            "alarms" => "AlarmId",
            _ => null,
        },
        _ => null,
    };
}
