using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Hub.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Monitoring.Hub.Tests.Scheduling;

/// <summary>The one job wrapper: it hands the sweep the hub's clock, counts the run, and lets a failure through for Hangfire to retry.</summary>
public sealed class SweepJobTests
{
    private static (SweepJob<RecordingSweep> Job, List<(string Name, long Value, string? Outcome)> Measurements, IDisposable Scope) Build(RecordingSweep sweep, TimeProvider time)
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new SweepMetrics(services.GetRequiredService<IMeterFactory>());
        var measurements = new List<(string, long, string?)>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SweepMetrics.MeterName && instrument is Counter<long>)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    outcome = tag.Value as string;
                }
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, outcome));
            }
        });
        listener.Start();
        return (new SweepJob<RecordingSweep>(sweep, time, metrics, NullLogger<SweepJob<RecordingSweep>>.Instance), measurements, listener);
    }

    [Fact]
    public async Task TheSweepRunsAtTheHubsClockTruncatedAsStoredAndTheRunIsCounted()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 6, 0, 0, 123, TimeSpan.Zero).AddTicks(4567));
        var sweep = new RecordingSweep(produce: 3);
        var (job, measurements, scope) = Build(sweep, clock);
        using (scope)
        {
            await job.RunAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal([Monitoring.Hub.Database.StoredTime.Truncate(clock.GetUtcNow())], sweep.Runs);
        Assert.Contains(("monitoring.scheduling.sweep_runs", 1L, "completed"), measurements);
        Assert.Contains(("monitoring.scheduling.sweep_produced", 3L, null), measurements);
    }

    [Fact]
    public async Task AFailingSweepIsCountedAsFailedAndItsExceptionReachesHangfireForARetry()
    {
        var sweep = new RecordingSweep(produce: 0, fail: true);
        var (job, measurements, scope) = Build(sweep, new FakeTimeProvider(DateTimeOffset.UtcNow));
        using (scope)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => job.RunAsync(TestContext.Current.CancellationToken));
        }

        Assert.Contains(("monitoring.scheduling.sweep_runs", 1L, "failed"), measurements);
        Assert.DoesNotContain(measurements, m => m.Outcome == "completed");
    }

    internal sealed class RecordingSweep(int produce, bool fail = false) : ISweep
    {
        public static string JobId => "recording";

        public List<DateTimeOffset> Runs { get; } = [];

        public Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
        {
            Runs.Add(now);
            return fail ? Task.FromException<int>(new TimeoutException("PostgreSQL did not answer")) : Task.FromResult(produce);
        }
    }
}
