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
        return Forever(first, max, time, (ex, _) => retryOn(ex), onRetry is null ? null : (ex, attempt, _) => onRetry(ex, attempt));
    }

    /// <summary>
    /// As above, with the call's Polly context given to <paramref name="retryOn"/> and
    /// <paramref name="onRetry"/>: a caller that carries per-call state in
    /// <see cref="ResilienceContext.Properties"/> (e.g. to give up on data refused three times while
    /// waiting out an outage for as long as it lasts) decides with it.
    /// </summary>
    public static ResiliencePipeline Forever(
        TimeSpan first, TimeSpan max, TimeProvider time, Func<Exception, ResilienceContext, bool> retryOn, Action<Exception, int, ResilienceContext>? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(retryOn);
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && retryOn(ex, args.Context)),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = first,
                MaxDelay = max,
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Outcome.Exception!, args.AttemptNumber, args.Context);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// Up to <paramref name="attempts"/> calls in all, waiting between them as <see cref="Forever(TimeSpan, TimeSpan, TimeProvider, Func{Exception, bool}, Action{Exception, int}?)"/>
    /// does; the last failure escapes. For a call whose failure is usually over at once (a message
    /// the cluster could not deliver while a silo died), where holding the data forever would hide a fault.
    /// </summary>
    public static ResiliencePipeline UpTo(int attempts, TimeSpan first, TimeSpan max, TimeProvider time, Func<Exception, bool> retryOn)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        ArgumentNullException.ThrowIfNull(retryOn);
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && retryOn(ex)),
                MaxRetryAttempts = attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = first,
                MaxDelay = max,
            })
            .Build();
    }
}
