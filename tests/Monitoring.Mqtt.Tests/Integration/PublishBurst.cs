namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>Publishes many messages with several PublishAsync calls outstanding at once, as a busy device gateway would.</summary>
public static class PublishBurst
{
    /// <summary>
    /// Keeps up to <paramref name="outstanding"/> PublishAsync calls pending; above
    /// <see cref="MqttClientOptions.MaxInFlight"/> the client itself must hold the surplus back.
    /// </summary>
    public static async Task PublishAsync(
        MqttClient client,
        int count,
        Func<int, MqttApplicationMessage> create,
        int outstanding,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(create);
        var pending = new Queue<Task>(outstanding);
        for (var i = 0; i < count; i++)
        {
            if (pending.Count == outstanding)
            {
                await pending.Dequeue();
            }

            pending.Enqueue(client.PublishAsync(create(i), cancellationToken));
        }

        await Task.WhenAll(pending);
    }
}
