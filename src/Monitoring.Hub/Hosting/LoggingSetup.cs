using Serilog;
using Serilog.Formatting.Json;

namespace Monitoring.Hub.Hosting;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog as the hub's logger (Serilog.AspNetCore). Levels come from the "Serilog" section;
    /// <c>Logging:Json=true</c> switches the console to one JSON object per event for log shippers.
    /// Sinks and enrichers registered as services are picked up too (the tests capture events so).
    /// The static <see cref="Log.Logger"/> is left alone: several hubs share one test process.
    /// </summary>
    public static WebApplicationBuilder AddHubLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog(
            (services, configuration) =>
            {
                var settings = services.GetRequiredService<IConfiguration>();
                configuration
                    .ReadFrom.Configuration(settings)
                    .ReadFrom.Services(services)
                    .Enrich.FromLogContext()
                    .Enrich.WithProperty("Application", "Monitoring.Hub");
                if (settings.GetValue<bool>("Logging:Json"))
                {
                    configuration.WriteTo.Console(new JsonFormatter(renderMessage: true));
                }
                else
                {
                    configuration.WriteTo.Console(
                        outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}");
                }
            },
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// One structured event per HTTP request (method, route path without the query string, which may
    /// carry a SignalR access token, status, elapsed), with the device, patient and alarm ids the
    /// route names. Health probes and metric scrapes log at Debug.
    /// </summary>
    public static WebApplication UseHubRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger: the static one is left alone (AddHubLogging), so it would write nowhere.
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.EnrichDiagnosticContext = RequestLogIds.Enrich;
            options.GetLevel = RequestLogIds.LevelOf;
        });
        return app;
    }
}
