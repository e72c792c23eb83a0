using Microsoft.Extensions.Options;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Alarms.Adapters;

/// <summary>
/// The one timer of the alarm engine, on the injected <see cref="TimeProvider"/>: every
/// <see cref="AlarmsOptions.TickInterval"/>, or earlier when the silence watch's next deadline
/// comes first, it asks the worker for what time changes (escalations, reminders,
/// auto-resolutions, silent devices). Tests switch the loop off and call <see cref="TickAsync"/>
/// with a fake clock's "now".
/// </summary>
public sealed partial class AlarmTicker(AlarmWorker worker, TimeProvider time, IOptions<AlarmsOptions> options, ILogger<AlarmTicker> logger)
    : BackgroundService
{
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(50);

    /// <summary>Applies what time changes at <paramref name="now"/>; returns the alarms changed.</summary>
    public Task<IReadOnlyList<StoredAlarm>> TickAsync(DateTimeOffset now, CancellationToken ct = default) => worker.TickAsync(now, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.TickerEnabled)
        {
            return;
        }

        try
        {
            await worker.Ready.WaitAsync(stoppingToken);
            while (true)
            {
                var now = time.GetUtcNow();
                var wait = settings.TickInterval;
                if (worker.NextSilenceCheckAt is { } next && next - now < wait)
                {
                    wait = next - now;
                }

                await Task.Delay(wait < MinimumWait ? MinimumWait : wait, time, stoppingToken);
                try
                {
                    await TickAsync(time.GetStoredUtcNow(), stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OutOfMemoryException)
                {
                    // The worker re-arms what it could not store; the next tick tries again.
                    LogTickFailed(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An alarm tick failed, it is retried at the next one: {Reason}")]
    private static partial void LogTickFailed(ILogger logger, string reason);
}
