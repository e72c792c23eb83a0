using Microsoft.Extensions.Options;
using Monitoring.Hub.Database;
using Quartz;

namespace Monitoring.Hub.Scheduling;

/// <summary>
/// Starts the Quartz scheduler once the hub's schema is ready, retrying while PostgreSQL is away (the
/// hub serves requests meanwhile, as it does for the other database-backed workers), and shuts it
/// down with the host, letting a running sweep finish. Quartz's own hosted service would fail the
/// host's start when the database is down.
/// </summary>
public sealed partial class SchedulerHost(
    ISchedulerFactory factory, SchemaState schema, IOptions<SchedulingOptions> options, ILogger<SchedulerHost> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly Lock _stopLock = new();
    private IScheduler? _scheduler;
    private Task? _stopping;

    /// <summary>True once the scheduler runs (for tests and diagnostics).</summary>
    public bool Started { get; private set; }

    /// <summary>
    /// Stops once, however often it is asked: a host can call it twice at the same time (an ASP.NET Core
    /// app's own shutdown wait and the code that owns the host, as in-process tests do), and two
    /// concurrent Quartz <c>Shutdown</c> calls were seen to leave one waiting forever. Every caller
    /// waits for the one shutdown.
    /// </summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopLock)
        {
            return _stopping ??= StopOnceAsync(cancellationToken);
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_scheduler is { } scheduler)
        {
            await scheduler.Shutdown(true, cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        try
        {
            while (!schema.IsReady)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
            }

            while (true)
            {
                try
                {
                    _scheduler = await factory.GetScheduler(stoppingToken);
                    await _scheduler.Start(stoppingToken);
                    Started = true;
                    LogStarted(logger);
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    LogStartFailed(logger, ex.Message);
                    await Task.Delay(RetryDelay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before the scheduler started.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler disabled (Scheduling:Enabled = false): reminder sweeps do not run in this hub")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler started (clustered, PostgreSQL job store)")]
    private static partial void LogStarted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduler could not start, retrying in 5 s: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string reason);
}
