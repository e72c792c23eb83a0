using System.Net.Sockets;
using System.Security.Authentication;
using Monitoring.Hub.Resilience;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Broker;

/// <summary>
/// The first connection of our own MQTT client (src/Monitoring.Mqtt), kept only for <c>Cluster/</c>'s
/// feed and relay, which are being deleted in parallel (issue 16): the hub's other connections use
/// MQTTnet through <see cref="BrokerConnection"/>. <see cref="MqttClient"/> reconnects by itself only
/// after a first success, so until then it retries here (<see cref="Retries"/>, 200 ms growing to 5 s).
/// </summary>
public static class BrokerConnect
{
    public static async Task<MqttConnectResult> FirstAsync(
        MqttClient client, TimeProvider time, Action<Exception, int> failed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(failed);
        var retries = Retries.Forever(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), time, IsTransient, failed);
        return await retries.ExecuteAsync(async token => await client.ConnectAsync(token), ct);
    }

    /// <summary>Refused, unreachable, or timed out: worth another attempt (a cancellation of the caller's own ends the retries).</summary>
    private static bool IsTransient(Exception ex) =>
        ex is MqttConnectException or SocketException or IOException or AuthenticationException or TimeoutException or MqttProtocolViolationException
            or OperationCanceledException;
}
