namespace Monitoring.Mqtt.Internal;

/// <summary>A message accepted by <c>PublishAsync</c>: queued, then (QoS 1/2) in flight until PUBACK or PUBCOMP.</summary>
internal sealed class OutgoingPublish : InflightOperation
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OutgoingPublish(MqttApplicationMessage message)
    {
        Message = message;
    }

    public MqttApplicationMessage Message { get; }

    public Task Completion => _completion.Task;

    /// <summary>Went out before, so a retransmission carries DUP (spec 3.3.1.1, 4.4).</summary>
    public bool WrittenBefore { get; set; }

    /// <summary>QoS 2 after PUBREC: the broker owns the message, PUBREL is the packet to (re)send (spec 4.3.3).</summary>
    public bool Released { get; set; }

    public override bool IsCompleted => _completion.Task.IsCompleted;

    public void Complete() => _completion.TrySetResult();

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
