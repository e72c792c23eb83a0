using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Hosting;

public static partial class HostRunner
{
    /// <summary>
    /// Runs the hub, turning configuration errors found at start (options validated with
    /// ValidateOnStart) into one clear log line and a non-zero exit. The exception is rethrown
    /// after the log line so a host that started the hub (WebApplicationFactory in tests, a
    /// service manager) sees the failure instead of an entry point that returned normally.
    /// </summary>
    public static async Task RunHubAsync(this WebApplication app)
    {
        // Resolved before running: RunAsync disposes the host (and its services) when start fails.
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Monitoring.Hub");
        try
        {
            await app.RunAsync();
        }
        catch (OptionsValidationException ex)
        {
            LogBadConfiguration(logger, ex.OptionsType.Name, string.Join("; ", ex.Failures));
            Environment.ExitCode = 2;
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Invalid configuration in {OptionsType}: {Failures}. The hub will not start.")]
    private static partial void LogBadConfiguration(ILogger logger, string optionsType, string failures);
}
