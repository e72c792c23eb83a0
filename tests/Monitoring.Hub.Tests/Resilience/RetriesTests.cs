using Microsoft.Extensions.Time.Testing;
using Monitoring.Hub.Resilience;

namespace Monitoring.Hub.Tests.Resilience;

/// <summary>The hub's one retry: waits out failures it is told to, in the injected (here fake) time, until it works or is cancelled.</summary>
public sealed class RetriesTests
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task AFailureItIsToldToRetryIsRetriedOnTheInjectedClockUntilTheCallWorks()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
        var seen = new List<int>();
        var calledAt = new List<DateTimeOffset>();
        var retries = Retries.Forever(First, Max, time, ex => ex is IOException, (_, attempt) => seen.Add(attempt));

        var run = retries.ExecuteAsync(_ =>
        {
            calledAt.Add(time.GetUtcNow());
            return calledAt.Count < 12 ? throw new IOException("away") : ValueTask.FromResult(calledAt.Count);
        }, TestContext.Current.CancellationToken).AsTask();
        for (var step = 0; !run.IsCompleted; step++)
        {
            // Nothing happens in real time: each retry waits for the fake clock.
            Assert.True(step < 10_000, $"not done after {step} steps of fake time ({calledAt.Count} calls)");
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }

        Assert.Equal(12, await run);
        Assert.Equal(Enumerable.Range(0, 11), seen);
        var waits = calledAt.Zip(calledAt.Skip(1), (a, b) => b - a).ToList();
        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromMilliseconds(100), Max + TimeSpan.FromMilliseconds(200)));
        // Exponential: by the eleventh wait the delay has grown to the cap.
        Assert.True(waits[^1] >= Max / 2, $"waits: {string.Join(", ", waits)}");
    }

    [Fact]
    public async Task AFailureItIsNotToldToRetryEscapesAtOnce()
    {
        var calls = 0;
        var retries = Retries.Forever(First, Max, new FakeTimeProvider(), ex => ex is IOException);

        await Assert.ThrowsAsync<InvalidDataException>(async () =>
            await retries.ExecuteAsync(_ => { calls++; throw new InvalidDataException("bad"); }, TestContext.Current.CancellationToken));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task CancellingTheCallerEndsTheRetries()
    {
        var time = new FakeTimeProvider();
        using var cts = new CancellationTokenSource();
        var calls = 0;
        var retries = Retries.Forever(First, Max, time, ex => ex is IOException);

        var run = retries.ExecuteAsync(_ => { calls++; throw new IOException("away"); }, cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(1, calls);
    }
}
