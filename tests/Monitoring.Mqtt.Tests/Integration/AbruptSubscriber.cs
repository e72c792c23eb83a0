using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Monitoring.Mqtt.Formatter;
using Monitoring.Mqtt.Packets;
using Monitoring.Mqtt.Tests.Fakes;

namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>
/// A bare-socket client that resumes a persistent session, acknowledges a number of messages and then drops the
/// TCP connection without DISCONNECT, as a process killed mid-stream would. Our own client always says goodbye.
/// </summary>
public static class AbruptSubscriber
{
    /// <summary>Returns the payloads (as text) it acknowledged; some of those PUBACKs may die with the connection.</summary>
    public static async Task<IReadOnlyList<string>> AcknowledgeThenDropAsync(MqttClientOptions options, int acknowledge, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(options.Host, options.Port, ct);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(PacketCodec.Encode(new MqttConnectPacket
        {
            ClientId = options.ClientId,
            CleanSession = false,
            KeepAliveSeconds = 60,
            Username = options.Username,
            Password = options.Password is null ? null : Encoding.UTF8.GetBytes(options.Password),
        }), ct);

        var decoder = new MqttPacketDecoder();
        var buffer = new byte[1 << 16];
        var pending = new ArrayBufferWriter<byte>();
        var acknowledged = 0;
        var payloads = new List<string>(acknowledge);
        while (acknowledged < acknowledge)
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                throw new EndOfStreamException("The broker closed the connection.");
            }

            pending.Write(buffer.AsSpan(0, read));
            var sequence = new ReadOnlySequence<byte>(pending.WrittenMemory);
            var acks = new ArrayBufferWriter<byte>();
            while (acknowledged < acknowledge && decoder.TryDecode(sequence, out var packet, out var consumed))
            {
                sequence = sequence.Slice(consumed);
                if (packet is MqttConnAckPacket { ReturnCode: not MqttConnectReturnCode.Accepted } refused)
                {
                    throw new InvalidOperationException($"CONNECT refused: {refused.ReturnCode}");
                }

                if (packet is MqttPublishPacket { Qos: MqttQualityOfService.AtLeastOnce } publish)
                {
                    MqttPacketEncoder.Encode(new MqttPubAckPacket(publish.PacketId), acks);
                    acknowledged++;
                    payloads.Add(Encoding.UTF8.GetString(publish.Payload.Span));
                }
            }

            await stream.WriteAsync(acks.WrittenMemory, ct);
            var rest = sequence.ToArray();
            pending.Clear();
            pending.Write(rest);
        }

        // RST, not FIN: no goodbye at any level.
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
        return payloads;
    }
}
