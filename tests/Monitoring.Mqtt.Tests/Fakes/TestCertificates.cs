using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Monitoring.Mqtt.Tests.Fakes;

/// <summary>A throw-away CA with a server certificate for <c>broker.test</c>, plus a client certificate.</summary>
public sealed class TestCertificates : IDisposable
{
    public const string ServerName = "broker.test";

    private TestCertificates(X509Certificate2 ca, X509Certificate2 server, X509Certificate2 client, string caFile)
    {
        Ca = ca;
        Server = server;
        Client = client;
        CaFile = caFile;
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    /// <summary>The CA certificate as a PEM file.</summary>
    public string CaFile { get; }

    public static TestCertificates Create(string caName)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        var server = Issue(ca, $"CN={ServerName}", serverAuth: true, now);
        var client = Issue(ca, "CN=hub", serverAuth: false, now);
        var caFile = Path.Combine(Path.GetTempPath(), $"mqtt-test-ca-{Guid.NewGuid():N}.pem");
        File.WriteAllText(caFile, ca.ExportCertificatePem());
        return new TestCertificates(ca, server, client, caFile);
    }

    public void Dispose()
    {
        File.Delete(CaFile);
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool serverAuth, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(ServerName);
            request.CertificateExtensions.Add(names.Build());
        }

        using var issued = request.Create(ca, now.AddDays(-1), now.AddDays(29), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);

        // Through PKCS#12 so the TLS stack gets a key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }
}
