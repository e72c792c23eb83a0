using Polly;
using Polly.Retry;

namespace Monitoring.Hub.Resilience;

/// <summary>
/// The hub's one way to retry a call whose failure is worth waiting out (a server away, a connection
/// refused): Polly's retry, exponential from <c>first</c> to <c>max</c> with jitter, so several hubs
/// do not retry in step, for as long as the caller's token allows (the data waits rather than being
/// dropped: MQTT acknowledgements are held meanwhile). Delays run on the injected
/// <see cref="TimeProvider"/>, so tests wait in fake time.
/// </summary>
internal static class Retries
{
    /// <param name="first">The first wait (before jitter).</param>
    /// <param name="max">The longest wait.</param>
    /// <param name="time">The clock the waits run on.</param>
    /// <param name="retryOn">Which failures are retried; any other escapes at once.</param>
    /// <param name="onRetry">Told each failure (attempt from 0) before the wait, e.g. to log every n-th.</param>
    public static ResiliencePipeline Forever(
        TimeSpan first, TimeSpan max, TimeProvider time, Func<Exception, bool> retryOn, Action<Exception, int>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(retryOn);
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && retryOn(ex)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = first,
                MaxDelay = max,
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Outcome.Exception!, args.AttemptNumber);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }
}
