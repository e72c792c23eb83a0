using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitoring.Hub.Alarms.Engine;
using Npgsql;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>
/// A grain's readings against PostgreSQL failures: the first attempt runs outside Polly, a failure
/// enters the retry as its first attempt (waits on the injected clock, forgets the patient before
/// each retry), an outage is waited out, refused data is dropped after three tries.
/// </summary>
public sealed class BatchRetriesTests
{
    private static readonly Guid Patient = Guid.NewGuid();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ACallThatWorksRunsOnceAndForgetsNothing()
    {
        var retries = Retries();
        var calls = new Calls(_time);

        await retries.RunAsync(Patient, [], calls, static (c, _) => c.RunAsync(0), static (c, id) => c.Forgotten.Add(id), TestContext.Current.CancellationToken);

        Assert.Equal(1, calls.Count);
        Assert.Empty(calls.Forgotten);
        Assert.Equal(0, retries.FailingSinceTicks);
    }

    [Fact]
    public async Task AnOutageIsWaitedOutOnTheInjectedClockForgettingThePatientBeforeEachRetry()
    {
        var retries = Retries();
        var calls = new Calls(_time);

        var run = retries.RunAsync(Patient, [], calls, static (c, _) => c.RunAsync(failures: 4, () => new NpgsqlException("connection refused")),
            static (c, id) => c.Forgotten.Add(id), TestContext.Current.CancellationToken);
        await AdvanceUntilAsync(run);

        Assert.Equal(5, calls.Count);
        Assert.Equal([Patient, Patient, Patient, Patient], calls.Forgotten);
        Assert.True(calls.At[1] - calls.At[0] >= TimeSpan.FromMilliseconds(100), "the first retry waited for the clock");
        Assert.Equal(0, retries.FailingSinceTicks); // working again
    }

    [Fact]
    public async Task DataTheDatabaseKeepsRefusingIsDroppedAfterThreeTries()
    {
        var retries = Retries();
        var calls = new Calls(_time);

        var run = retries.RunAsync(Patient, [], calls, static (c, _) => c.RunAsync(failures: 100, () => new FormatException("bad row")),
            static (c, id) => c.Forgotten.Add(id), TestContext.Current.CancellationToken);
        await AdvanceUntilAsync(run);

        Assert.Equal(3, calls.Count);
        Assert.True(run.IsCompletedSuccessfully, "a dropped batch does not fail the grain's call");
    }

    [Fact]
    public async Task CancellationEndsTheCallWithoutRetrying()
    {
        var retries = Retries();
        var calls = new Calls(_time);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<NpgsqlException>(() => retries.RunAsync(
            Patient, [], calls, static (c, _) => c.RunAsync(failures: 1, () => new NpgsqlException("gone")), static (c, id) => c.Forgotten.Add(id), cancelled.Token));

        Assert.Equal(1, calls.Count);
        Assert.Empty(calls.Forgotten);
    }

    private BatchRetries Retries() =>
        new(_time, new AlarmMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()), NullLogger.Instance);

    private async Task AdvanceUntilAsync(Task run)
    {
        for (var step = 0; !run.IsCompleted; step++)
        {
            Assert.True(step < 10_000, $"not done after {step} steps of fake time");
            _time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }

        await run;
    }

    private sealed class Calls(TimeProvider time)
    {
        public List<Guid> Forgotten { get; } = [];

        public List<DateTimeOffset> At { get; } = [];

        public int Count => At.Count;

        public Task RunAsync(int failures, Func<Exception>? failure = null)
        {
            At.Add(time.GetUtcNow());
            return At.Count <= failures ? Task.FromException(failure!()) : Task.CompletedTask;
        }
    }
}
