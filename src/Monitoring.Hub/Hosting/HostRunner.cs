using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Hosting;

public static partial class HostRunner
{
    /// <summary>
    /// Runs the hub, turning configuration errors found at start (options validated with
    /// ValidateOnStart) into one clear log line and a non-zero exit instead of a stack trace.
    /// </summary>
    public static async Task RunHubAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
        }
        catch (OptionsValidationException ex)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Monitoring.Hub");
            LogBadConfiguration(logger, ex.OptionsType.Name, string.Join("; ", ex.Failures));
            Environment.ExitCode = 2;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Invalid configuration in {OptionsType}: {Failures}. The hub will not start.")]
    private static partial void LogBadConfiguration(ILogger logger, string optionsType, string failures);
}
