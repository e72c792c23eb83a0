using System.Net;
using System.Net.Sockets;
using MQTTnet.Channel;

namespace Monitoring.Hub.Broker;

/// <summary>
/// Opens the hub's ingestion connection to the broker as a <see cref="BufferedSocketStream"/> rather than
/// MQTTnet's plain <see cref="NetworkStream"/> (MQTTnet's extension point for the transport; TLS, when
/// configured, is still layered on top by MQTTnet). Nagle stays off, and the socket buffers are left to
/// the kernel's autotuning instead of MQTTnet's fixed 8 KiB.
/// </summary>
internal sealed class BufferedSocketStreamProvider : IMqttClientStreamProvider
{
    public async Task<Stream> ConnectAsync(EndPoint brokerEndPoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(brokerEndPoint);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, LingerState = new LingerOption(true, 0) };
        try
        {
            await socket.ConnectAsync(brokerEndPoint, cancellationToken);
            return new BufferedSocketStream(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
