using Microsoft.Extensions.Time.Testing;

namespace Monitoring.FirmwareSim.Tests.Support;

/// <summary>
/// <see cref="FakeTimeProvider"/> that also knows how many timers the code under test holds, so a test
/// steps fake time only once the simulation is waiting on one (each <c>Task.Delay</c> holds a timer
/// until it fires and is disposed); stepping earlier would let time pass that the code never saw.
/// </summary>
internal sealed class SteppedTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _pending;

    public int PendingTimers => Volatile.Read(ref _pending);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _pending);
        return new HeldTimer(this, base.CreateTimer(callback, state, dueTime, period));
    }

    /// <summary>
    /// Advances in steps until <paramref name="task"/> completes or <paramref name="limit"/> of fake time
    /// has passed; before each step it waits (briefly, in real time) for the code under test to hold a
    /// timer, so thread-pool continuations keep up.
    /// </summary>
    public async Task RunUntilAsync(Task task, TimeSpan step, TimeSpan limit)
    {
        var end = GetUtcNow() + limit;
        while (!task.IsCompleted && GetUtcNow() < end)
        {
            SpinWait.SpinUntil(() => task.IsCompleted || PendingTimers > 0, TimeSpan.FromSeconds(5));
            Advance(step);
        }

        await task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed class HeldTimer(SteppedTimeProvider owner, ITimer inner) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._pending);
            }

            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
