namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>
/// Records a client's Connected and Disconnected events. Attach it before ConnectAsync: the
/// client raises events from a task of its own, so the first Connected may come after
/// ConnectAsync has returned.
/// </summary>
public sealed class ConnectionEvents
{
    private readonly List<MqttConnectionEventArgs> _connected = [];
    private readonly List<MqttConnectionEventArgs> _disconnected = [];
    private readonly Lock _lock = new();

    public ConnectionEvents(MqttClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.Connected += (_, e) => Add(_connected, e);
        client.Disconnected += (_, e) => Add(_disconnected, e);
    }

    public IReadOnlyList<MqttConnectionEventArgs> Connected => Snapshot(_connected);

    public IReadOnlyList<MqttConnectionEventArgs> Disconnected => Snapshot(_disconnected);

    /// <summary>Waits until Connected has been raised <paramref name="count"/> times and returns that event.</summary>
    public async Task<MqttConnectionEventArgs> WaitForConnectedAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await BoundedWait.UntilAsync(
            () => Connected.Count >= count,
            timeout,
            () => $"Connected raised {Connected.Count} times (Disconnected {Disconnected.Count}), expected {count}",
            cancellationToken);
        return Connected[count - 1];
    }

    /// <summary>Waits until Disconnected has been raised <paramref name="count"/> times and returns that event.</summary>
    public async Task<MqttConnectionEventArgs> WaitForDisconnectedAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await BoundedWait.UntilAsync(
            () => Disconnected.Count >= count,
            timeout,
            () => $"Disconnected raised {Disconnected.Count} times, expected {count}",
            cancellationToken);
        return Disconnected[count - 1];
    }

    private void Add(List<MqttConnectionEventArgs> list, MqttConnectionEventArgs e)
    {
        lock (_lock)
        {
            list.Add(e);
        }
    }

    private List<MqttConnectionEventArgs> Snapshot(List<MqttConnectionEventArgs> list)
    {
        lock (_lock)
        {
            return [.. list];
        }
    }
}
