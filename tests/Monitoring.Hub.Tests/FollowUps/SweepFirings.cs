using System.Collections.Concurrent;
using Hangfire.Common;
using Hangfire.Server;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>
/// A Hangfire server filter, given to one hub's server as part of its filter provider, that records
/// every job the server performs (recurring job id, the occurrence it was created for, background job
/// id, node) and every job that failed.
/// </summary>
public sealed class SweepFirings(string node) : IServerFilter, IJobFilterProvider
{
    private readonly ConcurrentQueue<Firing> _fired = new();
    private readonly ConcurrentQueue<string> _failures = new();

    public IReadOnlyList<Firing> Fired => [.. _fired];

    public IReadOnlyList<string> Failures => [.. _failures];

    public int Count(string recurringJobId) => _fired.Count(f => f.RecurringJobId == recurringJobId);

    public IEnumerable<JobFilter> GetFilters(Job job) =>
        JobFilterProviders.Providers.GetFilters(job).Append(new JobFilter(this, JobFilterScope.Global, null));

    public void OnPerforming(PerformingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _fired.Enqueue(new Firing(
            context.GetJobParameter<string>("RecurringJobId"),
            context.GetJobParameter<long?>("Time"),
            context.BackgroundJob.Id,
            context.BackgroundJob.Job.Type.Name,
            node));
    }

    public void OnPerformed(PerformedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Exception is { } exception)
        {
            _failures.Enqueue($"{context.BackgroundJob.Job.Type.Name} {context.BackgroundJob.Id} on {node}: {exception.Message}");
        }
    }

    /// <summary>One performed job: <paramref name="Occurrence"/> is the recurring occurrence (UNIX seconds) it was created for.</summary>
    public sealed record Firing(string? RecurringJobId, long? Occurrence, string JobId, string JobType, string Node);
}
