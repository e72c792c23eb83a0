using Serilog;
using Serilog.Formatting.Json;

namespace Monitoring.Hub.Hosting;

public static class LoggingSetup
{
    /// <summary>
    /// Serilog through Serilog.Extensions.Logging (Serilog.AspNetCore does not restore here).
    /// Levels come from the "Serilog" section; <c>Logging:Json=true</c> switches the console
    /// to one JSON object per event for log shippers.
    /// </summary>
    public static WebApplicationBuilder AddHubLogging(this WebApplicationBuilder builder)
    {
        var configuration = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Application", "Monitoring.Hub");

        configuration = builder.Configuration.GetValue<bool>("Logging:Json")
            ? configuration.WriteTo.Console(new JsonFormatter(renderMessage: true))
            : configuration.WriteTo.Console(
                outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}");

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(configuration.CreateLogger(), dispose: true);
        return builder;
    }
}
