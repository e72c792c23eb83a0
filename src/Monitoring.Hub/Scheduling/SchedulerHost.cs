using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Database;

namespace Monitoring.Hub.Scheduling;

/// <summary>
/// Once the schema (the hub's and Hangfire's) is ready: declares the sweeps as recurring jobs (every hub
/// declares the same schedule, so the dashboard shows it whichever hubs run servers) and, with
/// <c>Scheduling:Enabled</c>, runs this hub's Hangfire server, retrying while PostgreSQL is away (the hub serves requests meanwhile, as
/// it does for the other database-backed workers); stops the server with the host, letting running jobs
/// finish. Hangfire's own hosted service would build its server while the host starts, before the
/// schema exists.
/// </summary>
internal sealed partial class SchedulerHost(
    JobStorage storage,
    IRecurringJobManager recurringJobs,
    JobActivator activator,
    IJobFilterProvider filters,
    SchemaState schema,
    IOptions<SchedulingOptions> options,
    ILogger<SchedulerHost> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly Lock _stopLock = new();
    private BackgroundJobServer? _server;
    private Task? _stopping;

    /// <summary>This server's name in Hangfire (dashboard's Servers page, job history).</summary>
    public string ServerName { get; } = $"hub-{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}".ToLowerInvariant();

    /// <summary>True once every sweep is declared in the storage (for tests and diagnostics).</summary>
    public bool Declared { get; private set; }

    /// <summary>True once the server runs (for tests and diagnostics).</summary>
    public bool Started { get; private set; }

    /// <summary>
    /// Stops once, however often it is asked: a host can call it twice at the same time (an ASP.NET Core
    /// app's own shutdown wait and the code that owns the host, as in-process tests do). Every caller
    /// waits for the one shutdown.
    /// </summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopLock)
        {
            return _stopping ??= StopOnceAsync(cancellationToken);
        }
    }

    public override void Dispose()
    {
        _server?.Dispose();
        base.Dispose();
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_server is { } server)
        {
            server.SendStop();
            await server.WaitForShutdownAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
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
                    Declare(settings);
                    Declared = true;
                    if (!settings.Enabled)
                    {
                        LogDisabled(logger);
                        return;
                    }

                    _server = new BackgroundJobServer(
                        new BackgroundJobServerOptions
                        {
                            ServerName = ServerName,
                            WorkerCount = settings.WorkerCount,
                            SchedulePollingInterval = settings.PollInterval,
                            Activator = activator,
                            FilterProvider = filters,
                        },
                        storage);
                    Started = true;
                    LogStarted(logger, ServerName, settings.WorkerCount);
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    // PostgreSQL away, or Hangfire's lock busy: the hub keeps serving; a stopped host would not.
                    LogStartFailed(logger, ex.Message);
                    await Task.Delay(RetryDelay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before the server started.
        }
    }

    /// <summary>
    /// Adds or updates every declared sweep (all hubs declare the same; Hangfire keeps one per id). A
    /// missed occurrence (every hub down) runs once when a server is back, not once per missed
    /// occurrence (<see cref="MisfireHandlingMode.Relaxed"/>): a sweep covers all that became due since
    /// its last run, bounded by its look-back.
    /// </summary>
    private void Declare(SchedulingOptions settings)
    {
        foreach (var sweep in RecurringSweep.Declare(settings))
        {
            var job = new Job(sweep.JobType, sweep.JobType.GetMethod(nameof(SweepJob<FollowUps.FollowUpOverdueSweep>.RunAsync))!, CancellationToken.None);
            recurringJobs.AddOrUpdate(sweep.Id, job, sweep.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job server disabled (Scheduling:Enabled = false): sweeps declared, but this hub runs no jobs")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hangfire server {ServerName} started with {Workers} workers (PostgreSQL storage shared by every hub)")]
    private static partial void LogStarted(ILogger logger, string serverName, int workers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hangfire server could not start, retrying in 5 s: {Reason}")]
    private static partial void LogStartFailed(ILogger logger, string reason);
}
