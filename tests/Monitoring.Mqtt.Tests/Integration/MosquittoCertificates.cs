namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>
/// Certificates made with <c>openssl</c> for a broker's TLS listeners: a CA and a server
/// certificate it signs (SAN <c>localhost</c> and <c>127.0.0.1</c>), plus a second CA that
/// clients do not trust and a server certificate from it, for the listener that must be rejected.
/// </summary>
public sealed class MosquittoCertificates
{
    private static readonly TimeSpan OpensslTimeout = TimeSpan.FromSeconds(30);

    private MosquittoCertificates(string directory)
    {
        CaFile = Path.Combine(directory, "ca.crt");
        ServerCertificateFile = Path.Combine(directory, "server.crt");
        ServerKeyFile = Path.Combine(directory, "server.key");
        UntrustedCaFile = Path.Combine(directory, "untrusted-ca.crt");
        UntrustedServerCertificateFile = Path.Combine(directory, "untrusted-server.crt");
        UntrustedServerKeyFile = Path.Combine(directory, "untrusted-server.key");
    }

    public string CaFile { get; }

    public string ServerCertificateFile { get; }

    public string ServerKeyFile { get; }

    public string UntrustedCaFile { get; }

    public string UntrustedServerCertificateFile { get; }

    public string UntrustedServerKeyFile { get; }

    public static async Task<MosquittoCertificates> GenerateAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "openssl.cnf");
        // Our own config file, so that no extension comes from the system's openssl.cnf.
        await File.WriteAllTextAsync(config, """
            [req]
            distinguished_name = dn
            prompt = no

            [dn]
            CN = placeholder

            [v3_ca]
            basicConstraints = critical,CA:TRUE
            keyUsage = critical,keyCertSign,cRLSign
            subjectKeyIdentifier = hash

            [v3_server]
            basicConstraints = critical,CA:FALSE
            keyUsage = critical,digitalSignature,keyEncipherment
            extendedKeyUsage = serverAuth
            subjectAltName = DNS:localhost,IP:127.0.0.1
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid

            """, cancellationToken);

        var certificates = new MosquittoCertificates(directory);
        await CreateCaAsync(config, Path.Combine(directory, "ca"), "Monitoring Test CA", cancellationToken);
        await CreateServerCertificateAsync(config, Path.Combine(directory, "ca"), Path.Combine(directory, "server"), cancellationToken);
        await CreateCaAsync(config, Path.Combine(directory, "untrusted-ca"), "Untrusted Test CA", cancellationToken);
        await CreateServerCertificateAsync(
            config, Path.Combine(directory, "untrusted-ca"), Path.Combine(directory, "untrusted-server"), cancellationToken);
        return certificates;
    }

    private static Task CreateCaAsync(string config, string basePath, string commonName, CancellationToken cancellationToken) =>
        OpensslAsync(
            [
                "req", "-x509", "-config", config, "-extensions", "v3_ca",
                "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", basePath + ".key", "-out", basePath + ".crt",
                "-days", "7", "-subj", "/CN=" + commonName,
            ],
            cancellationToken);

    private static async Task CreateServerCertificateAsync(
        string config, string caBasePath, string basePath, CancellationToken cancellationToken)
    {
        await OpensslAsync(
            [
                "req", "-new", "-config", config,
                "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", basePath + ".key", "-out", basePath + ".csr", "-subj", "/CN=localhost",
            ],
            cancellationToken);
        await OpensslAsync(
            [
                "x509", "-req", "-in", basePath + ".csr",
                "-CA", caBasePath + ".crt", "-CAkey", caBasePath + ".key", "-CAcreateserial",
                "-out", basePath + ".crt", "-days", "7",
                "-extfile", config, "-extensions", "v3_server",
            ],
            cancellationToken);
    }

    private static async Task OpensslAsync(string[] arguments, CancellationToken cancellationToken) =>
        (await ExternalProcess.RunAsync("openssl", arguments, OpensslTimeout, cancellationToken: cancellationToken))
            .EnsureSuccess("openssl " + arguments[0]);
}
