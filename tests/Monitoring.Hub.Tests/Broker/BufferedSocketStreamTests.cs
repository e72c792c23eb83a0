using System.Net;
using System.Net.Sockets;
using Monitoring.Hub.Broker;

namespace Monitoring.Hub.Tests.Broker;

/// <summary>
/// The ingestion connection's transport (<see cref="BufferedSocketStream"/>) over a real loopback TCP
/// connection: what MQTTnet writes arrives whole and in order however the writes are coalesced, small
/// reads are served in order from what arrived, and a closed peer reads as the end of the stream.
/// </summary>
public sealed class BufferedSocketStreamTests
{
    [Fact]
    public async Task ManySmallWritesArriveWholeAndInOrder()
    {
        var (stream, peer) = await ConnectAsync();
        await using (stream)
        using (peer)
        {
            var ct = TestContext.Current.CancellationToken;
            const int writes = 20_000;
            var expected = new byte[writes * 4];
            for (var i = 0; i < writes; i++)
            {
                // A PUBACK-sized write each, numbered so that any reordering or loss shows.
                var packet = new[] { (byte)0x40, (byte)0x02, (byte)(i >> 8), (byte)i };
                packet.CopyTo(expected, i * 4);
                await stream.WriteAsync(packet, ct);
            }

            var received = new byte[expected.Length];
            for (var offset = 0; offset < received.Length;)
            {
                var read = await peer.ReceiveAsync(received.AsMemory(offset), SocketFlags.None, ct);
                Assert.NotEqual(0, read);
                offset += read;
            }

            Assert.Equal(expected, received);
        }
    }

    [Fact]
    public async Task SmallReadsAreServedInOrderAndAClosedPeerEndsTheStream()
    {
        var (stream, peer) = await ConnectAsync();
        await using (stream)
        {
            var ct = TestContext.Current.CancellationToken;
            var sent = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
            using (peer)
            {
                await peer.SendAsync(sent, SocketFlags.None, ct);
                peer.Shutdown(SocketShutdown.Send);

                // As MQTTnet reads: a 2-byte fixed header, then a body, over and over.
                var received = new List<byte>(sent.Length);
                var header = new byte[2];
                var body = new byte[131];
                while (true)
                {
                    var buffer = received.Count % 133 == 0 ? header : body;
                    var read = await stream.ReadAsync(buffer, ct);
                    if (read == 0)
                    {
                        break;
                    }

                    received.AddRange(buffer.AsSpan(0, read));
                }

                Assert.Equal(sent, received);
            }
        }
    }

    [Fact]
    public async Task AWriteAfterThePeerIsGoneFailsRatherThanVanishing()
    {
        var (stream, peer) = await ConnectAsync();
        await using (stream)
        {
            var ct = TestContext.Current.CancellationToken;
            peer.LingerState = new LingerOption(true, 0);
            peer.Dispose();

            // The first writes may still be taken by the kernel; once the reset is seen, writing throws.
            var failure = await Record.ExceptionAsync(async () =>
            {
                for (var i = 0; i < 10_000; i++)
                {
                    await stream.WriteAsync(new byte[1024], ct);
                    await Task.Yield();
                }
            });
            Assert.IsType<IOException>(failure);
        }
    }

    private static async Task<(BufferedSocketStream Stream, Socket Peer)> ConnectAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var accepting = listener.AcceptAsync(TestContext.Current.CancellationToken);
        var stream = (BufferedSocketStream)await new BufferedSocketStreamProvider().ConnectAsync(listener.LocalEndPoint!, TestContext.Current.CancellationToken);
        return (stream, await accepting);
    }
}
