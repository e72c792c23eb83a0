using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Monitoring.Mqtt.Packets;

namespace Monitoring.Mqtt.Tests.Fakes;

/// <summary>
/// A scripted MQTT server on loopback for client tests, speaking through the library's own codec. It answers
/// CONNECT with <see cref="OnConnect"/> and then hands each connection to the test, which reads what the client sent
/// and writes what the broker should say (including malformed bytes).
/// </summary>
internal sealed class FakeBroker : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<FakeBrokerConnection> _connections = Channel.CreateUnbounded<FakeBrokerConnection>();
    private readonly List<FakeBrokerConnection> _all = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2? _serverCertificate;
    private readonly bool _requireClientCertificate;
    private readonly Task _acceptLoop;

    public FakeBroker(X509Certificate2? serverCertificate = null, bool requireClientCertificate = false)
    {
        _serverCertificate = serverCertificate;
        _requireClientCertificate = requireClientCertificate;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>CONNACK for a CONNECT; null closes the socket without answering.</summary>
    public Func<MqttConnectPacket, MqttConnAckPacket?> OnConnect { get; set; } =
        _ => new MqttConnAckPacket { ReturnCode = MqttConnectReturnCode.Accepted };

    /// <summary>Errors of TLS handshakes the broker accepted (for TLS tests).</summary>
    public Channel<Exception> HandshakeFailures { get; } = Channel.CreateUnbounded<Exception>();

    public MqttClientOptions Options(string clientId = "test-client", int receiveQueueCapacity = 10_000) => new()
    {
        ReceiveQueueCapacity = receiveQueueCapacity,
        Host = "127.0.0.1",
        Port = Port,
        ClientId = clientId,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>The next connection that completed CONNECT/CONNACK.</summary>
    public async Task<FakeBrokerConnection> AcceptAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await _connections.Reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException("The client did not connect in time.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        catch (InvalidOperationException)
        {
            // The loop re-entered AcceptSocketAsync between the cancellation and Stop(): "Not listening".
        }

        FakeBrokerConnection[] all;
        lock (_all)
        {
            all = [.. _all];
        }

        foreach (var connection in all)
        {
            await connection.DisposeAsync();
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            _ = HandshakeAsync(socket);
        }
    }

    private async Task HandshakeAsync(Socket socket)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            if (_serverCertificate is not null)
            {
                var ssl = new SslStream(stream);
                stream = ssl;
                await ssl.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _serverCertificate,
                        ClientCertificateRequired = _requireClientCertificate,
                        RemoteCertificateValidationCallback = (_, certificate, _, _) => !_requireClientCertificate || certificate is not null,
                    },
                    _stop.Token);
            }

            var connection = new FakeBrokerConnection(socket, stream);
            lock (_all)
            {
                _all.Add(connection);
            }

            var connect = await connection.ReceiveAsync<MqttConnectPacket>();
            connection.Connect = connect;
            var connAck = OnConnect(connect);
            if (connAck is null)
            {
                await connection.DisposeAsync();
                return;
            }

            await connection.SendAsync(connAck);
            _connections.Writer.TryWrite(connection);
        }
        catch (Exception ex)
        {
            HandshakeFailures.Writer.TryWrite(ex);
            await stream.DisposeAsync();
        }
    }
}
