using System.Security.Cryptography.X509Certificates;

namespace Monitoring.Mqtt;

/// <summary>TLS settings; a non-null <see cref="MqttClientOptions.Tls"/> turns TLS on.</summary>
public sealed class MqttTlsOptions
{
    /// <summary>PEM (or DER) file with the CA certificate(s) the broker's certificate must chain to. Replaces system trust.</summary>
    public string? CaFile { get; init; }

    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Server name for SNI and the hostname check; defaults to <see cref="MqttClientOptions.Host"/>.</summary>
    public string? TargetHost { get; init; }

    public bool CheckHostname { get; init; } = true;

    /// <summary>Trust the operating system's roots when <see cref="CaFile"/> is null. Without either, nothing is trusted.</summary>
    public bool UseSystemTrust { get; init; } = true;
}
