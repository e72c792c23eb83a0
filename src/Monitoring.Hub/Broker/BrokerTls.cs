using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace Monitoring.Hub.Broker;

/// <summary>
/// TLS towards the broker as <c>Mqtt:Tls</c> says: with a <c>CaFile</c>, the broker's certificate must
/// chain to that CA alone (a private CA, scripts/gen-certs.sh), not to any system root; without one, to
/// the system's roots. <c>CheckHostname</c> off forgives only a name mismatch, never an untrusted chain.
/// </summary>
internal static class BrokerTls
{
    public static MqttClientTlsOptions Options(MqttTlsSettings settings)
    {
        var ca = string.IsNullOrEmpty(settings.CaFile) ? null : X509CertificateLoader.LoadCertificateFromFile(settings.CaFile);
        return new MqttClientTlsOptionsBuilder()
            .UseTls()
            .WithCertificateValidationHandler(e => Accept(e.Certificate, e.SslPolicyErrors, ca, settings.CheckHostname))
            .Build();
    }

    internal static bool Accept(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2? ca, bool checkHostname)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        if (checkHostname && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        if (ca is null)
        {
            return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        }

        // A private CA: build the chain against it alone (the system's chain errors say nothing about it).
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
