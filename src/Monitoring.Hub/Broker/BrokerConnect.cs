using System.Net.Sockets;
using System.Security.Authentication;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Broker;

/// <summary>
/// A hub client's first connection to the broker. <see cref="MqttClient"/> reconnects by itself only
/// after a first success, so until then every hub client (ingestion, the cluster's feed and relay)
/// retries here with a growing delay (200 ms more per attempt, at most 5 s), telling its caller of each failure.
/// </summary>
public static class BrokerConnect
{
    public static async Task<MqttConnectResult> FirstAsync(
        MqttClient client, TimeProvider time, Action<Exception, int> failed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(failed);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await client.ConnectAsync(ct);
            }
            catch (Exception ex) when (IsTransient(ex, ct))
            {
                failed(ex, attempt);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 200 * (attempt + 1))), time, ct);
        }
    }

    /// <summary>Refused, unreachable, or timed out: worth another attempt (a cancellation of our own is not).</summary>
    private static bool IsTransient(Exception ex, CancellationToken ct) =>
        ex is MqttConnectException or SocketException or IOException or AuthenticationException or TimeoutException or MqttProtocolViolationException
        || (ex is OperationCanceledException && !ct.IsCancellationRequested);
}
