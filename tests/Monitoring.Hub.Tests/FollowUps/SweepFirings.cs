using System.Collections.Concurrent;
using Quartz;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>
/// A Quartz job listener that records every sweep a hub's scheduler executes (job, scheduled fire
/// time, node) and every sweep that failed.
/// </summary>
public sealed class SweepFirings(string node) : IJobListener
{
    private readonly ConcurrentQueue<(string Job, DateTimeOffset ScheduledFireTime, string Node)> _fired = new();
    private readonly ConcurrentQueue<string> _failures = new();

    public string Name => $"sweep-firings-{node}";

    public IReadOnlyList<(string Job, DateTimeOffset ScheduledFireTime, string Node)> Fired => [.. _fired];

    public IReadOnlyList<string> Failures => [.. _failures];

    public int Count(string job) => _fired.Count(f => f.Job == job);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        _fired.Enqueue((context.JobDetail.Key.Name, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, node));
        return ValueTask.CompletedTask;
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (jobException is not null)
        {
            _failures.Enqueue($"{context.JobDetail.Key.Name} on {node}: {jobException.Message}");
        }

        return ValueTask.CompletedTask;
    }
}
