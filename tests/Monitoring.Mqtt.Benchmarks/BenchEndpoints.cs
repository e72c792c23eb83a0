namespace Monitoring.Mqtt.Benchmarks;

/// <summary>One side of a throughput run that sends: our client or mosquitto_pub.</summary>
public interface IBenchPublisher : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Connects (where the side keeps a connection) before the clock starts.</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    Task PublishAsync(string topic, MqttQualityOfService qos, int count, CancellationToken cancellationToken);
}

/// <summary>One side of a throughput run that receives: our client (manual ack) or mosquitto_sub.</summary>
public interface IBenchSubscriber : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Returns once the broker has the subscription, so no message can miss it.</summary>
    Task StartAsync(string topic, MqttQualityOfService qos, int count, SequenceTracker tracker, CancellationToken cancellationToken);
}
