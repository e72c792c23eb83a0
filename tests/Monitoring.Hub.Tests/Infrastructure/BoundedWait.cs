using System.Diagnostics;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>Waits on real brokers with generous bounds that fail with a clear message, never with a bare timeout.</summary>
public static class BoundedWait
{
    public static async Task UntilAsync(
        Func<bool> condition, TimeSpan timeout, Func<string> failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(failure);
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            if (elapsed.Elapsed > timeout)
            {
                Assert.Fail($"Not within {timeout.TotalSeconds:0.#} s: {failure()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), cancellationToken);
        }
    }

    public static async Task ForAsync(Task task, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            await task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what} did not complete within {timeout.TotalSeconds:0.#} s.");
        }
    }

    public static async Task<T> ForAsync<T>(Task<T> task, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            return await task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what} did not complete within {timeout.TotalSeconds:0.#} s.");
            throw;
        }
    }
}
