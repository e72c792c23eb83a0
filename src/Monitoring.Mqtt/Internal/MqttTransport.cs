using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Monitoring.Mqtt.Internal;

/// <summary>Opens the byte stream under MQTT: TCP with Nagle off, optionally wrapped in TLS.</summary>
internal static class MqttTransport
{
    /// <summary>Returns the socket (to cut the connection from any thread) and the stream to speak MQTT over.</summary>
    public static async Task<(Socket Socket, Stream Stream)> ConnectAsync(MqttClientOptions options, CancellationToken ct)
    {
        // Dual-mode socket: Host may resolve to IPv4 or IPv6; ConnectAsync tries each address in turn.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, ct);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(CreateAuthenticationOptions(options.Host, tls), ct);
            }

            return (socket, stream);
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }

            socket.Dispose();
            throw;
        }
    }

    internal static SslClientAuthenticationOptions CreateAuthenticationOptions(string host, MqttTlsOptions tls)
    {
        var authentication = new SslClientAuthenticationOptions
        {
            TargetHost = tls.TargetHost ?? host,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, _, _, errors) => IsAcceptable(errors, tls.CheckHostname),
        };

        if (tls.CaFile is not null)
        {
            // Our CA replaces the system roots: only certificates that chain to it are trusted.
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(LoadCertificates(tls.CaFile));
            authentication.CertificateChainPolicy = policy;
        }

        if (tls.ClientCertificate is not null)
        {
            authentication.ClientCertificates = [tls.ClientCertificate];
        }

        return authentication;
    }

    internal static bool IsAcceptable(SslPolicyErrors errors, bool checkHostname)
    {
        if (!checkHostname)
        {
            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        }

        return errors == SslPolicyErrors.None;
    }

    private static X509Certificate2Collection LoadCertificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        if (certificates.Count == 0)
        {
            certificates.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }

        return certificates;
    }
}
