using Microsoft.Extensions.Options;
using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Alarms.Adapters;

/// <summary>
/// The one timer of this silo's alarm engine, on the injected <see cref="TimeProvider"/>: every
/// <see cref="AlarmsOptions.TickInterval"/> it asks the cluster's watch sweep whether it is due
/// (<see cref="IAlarmWatchGrain"/>), then ticks every grain on this silo that has something time may
/// change now (<see cref="ActivePatients"/>: escalations, reminders, auto-resolutions, silent devices),
/// and writes the rule states held behind when due. Tests switch the loop off and call
/// <see cref="TickAsync"/> with a fake clock's "now".
/// </summary>
/// <remarks>
/// One timer per silo instead of an Orleans timer per grain: Orleans timers run on the wall clock,
/// where the rules' time must come from the injected clock (fake time in tests), and a silo with
/// 10,000 monitored patients would otherwise carry 10,000 timers for what one loop does.
/// </remarks>
internal sealed partial class AlarmTicker(
    IGrainFactory grains, PatientGrains patients, ActivePatients active, AlarmEngineStartup startup, RuleStateWriteBehind writeBehind, TimeProvider time,
    IOptions<AlarmsOptions> options, ILogger<AlarmTicker> logger)
    : BackgroundService
{
    /// <summary>Grains ticked at once; more would only queue in the silo.</summary>
    private const int Parallelism = 256;

    /// <summary>Applies what time changes at <paramref name="now"/>; returns the alarms changed on this silo.</summary>
    public async Task<IReadOnlyList<StoredAlarm>> TickAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await grains.GetGrain<IAlarmWatchGrain>(0).SweepIfDueAsync(now).WaitAsync(ct);
        var changed = new List<StoredAlarm>();
        Exception? failed = null;
        foreach (var chunk in active.Due(now).Chunk(Parallelism))
        {
            var ticks = chunk.Select(id => patients.Get(id).TickAsync(now)).ToArray();
            try
            {
                await Task.WhenAll(ticks).WaitAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One patient's failed tick does not hold back the others'; it is tried again at the next.
                failed ??= ex;
            }

            changed.AddRange(ticks.Where(t => t.IsCompletedSuccessfully).SelectMany(t => t.Result));
        }

        await writeBehind.SaveIfDueAsync(ct);
        if (failed is not null)
        {
            LogTickFailed(logger, failed.Message);
        }

        return changed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.TickerEnabled)
        {
            return;
        }

        try
        {
            // Ticks wait for the engine's start-up (the open alarms loaded), as the grains do.
            await startup.Ready.WaitAsync(stoppingToken);
            while (true)
            {
                await Task.Delay(settings.TickInterval, time, stoppingToken);
                try
                {
                    await TickAsync(time.GetStoredUtcNow(), stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OutOfMemoryException)
                {
                    // The grains re-arm what they could not store; the next tick tries again.
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
