namespace Monitoring.Mqtt.Internal;

/// <summary>A SUBSCRIBE waiting for its SUBACK; <see cref="IsResubscribe"/> marks the client's own after a lost session.</summary>
internal sealed class PendingSubscribe : InflightOperation
{
    private readonly TaskCompletionSource<MqttSubscribeResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingSubscribe(IReadOnlyList<MqttTopicFilter> filters, bool isResubscribe)
    {
        Filters = filters;
        IsResubscribe = isResubscribe;
    }

    public IReadOnlyList<MqttTopicFilter> Filters { get; }

    public bool IsResubscribe { get; }

    public Task<MqttSubscribeResult> Completion => _completion.Task;

    public override bool IsCompleted => _completion.Task.IsCompleted;

    public void Complete(MqttSubscribeResult result) => _completion.TrySetResult(result);

    public override void Fail(Exception exception)
    {
        // Nobody awaits a resubscription; a faulted task would only go unobserved.
        if (!IsResubscribe)
        {
            _completion.TrySetException(exception);
        }
    }
}
