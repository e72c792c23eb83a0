namespace Monitoring.Mqtt.Internal;

/// <summary>An UNSUBSCRIBE waiting for its UNSUBACK.</summary>
internal sealed class PendingUnsubscribe : InflightOperation
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingUnsubscribe(IReadOnlyList<string> filters)
    {
        Filters = filters;
    }

    public IReadOnlyList<string> Filters { get; }

    public Task Completion => _completion.Task;

    public override bool IsCompleted => _completion.Task.IsCompleted;

    public void Complete() => _completion.TrySetResult();

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
