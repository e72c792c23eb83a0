using Monitoring.Hub.Alarms.Engine;
using Monitoring.Hub.Alarms.Events;
using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Alarms.Grains;

/// <summary>
/// This silo's share of the engine's start and stop. At start: once the schema is ready and the
/// stream's subscribers hear the other hubs (<see cref="AlarmEventStream.WhenSubscribersReadyAsync"/>:
/// what they publish after the read then reaches this hub's view), every open alarm is read and published (<see cref="AlarmsLoaded"/>, which the realtime snapshot starts
/// from), and only then do grains activate (<see cref="Ready"/>). At stop, registered before the silo
/// so it stops after the silo has deactivated its grains: the rule states still held are written.
/// </summary>
internal sealed partial class AlarmEngineStartup(
    AlarmStore store, AlarmEventStream events, SchemaState schema, TimeProvider time, RuleStateWriteBehind writeBehind, ILogger<AlarmEngineStartup> logger)
    : BackgroundService
{
    private static readonly TimeSpan SubscribersWait = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _failingSinceTicks;

    /// <summary>Completes once the open alarms are loaded and published.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Since when loading has been failing (UTC ticks), 0 otherwise.</summary>
    internal long FailingSinceTicks => Interlocked.Read(ref _failingSinceTicks);

    /// <summary>The host is stopping (grains give up waiting for PostgreSQL then).</summary>
    internal bool Stopped { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (!schema.IsReady)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), time, stoppingToken);
                }

                if (!await events.WhenSubscribersReadyAsync(SubscribersWait, time, stoppingToken))
                {
                    // Grains must not wait for Redis: alarms are raised and stored; only other hubs' walls lag.
                    LogSubscribersLate(logger, SubscribersWait.TotalSeconds);
                }

                var open = await store.LoadOpenAsync(stoppingToken);
                await events.PublishAsync(new AlarmsLoaded(open), stoppingToken);
                LogStarted(logger, open.Count);
                Interlocked.Exchange(ref _failingSinceTicks, 0);
                _ready.TrySetResult();
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.CompareExchange(ref _failingSinceTicks, time.GetUtcNow().UtcTicks, 0);
                LogStartFailed(logger, ex.Message);
                await Task.Delay(AlarmEngineFailures.Backoff(++attempt), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Stopped = true;
        await base.StopAsync(cancellationToken);
        await writeBehind.SaveOnStopAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm engine started on this silo: {OpenAlarms} open alarms")]
    private static partial void LogStarted(ILogger logger, int openAlarms);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The alarm event subscribers did not hear the other hubs within {Seconds} s; loading the open alarms anyway")]
    private static partial void LogSubscribersLate(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarm engine cannot load its state from PostgreSQL yet, retrying: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string reason);
}
