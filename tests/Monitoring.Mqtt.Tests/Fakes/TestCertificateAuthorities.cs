namespace Monitoring.Mqtt.Tests.Fakes;

/// <summary>Two unrelated CAs, made once per test class: the one the client trusts and a stranger.</summary>
public sealed class TestCertificateAuthorities : IDisposable
{
    public TestCertificates Trusted { get; } = TestCertificates.Create("Monitoring Test CA");

    public TestCertificates Untrusted { get; } = TestCertificates.Create("Someone Else's CA");

    public void Dispose()
    {
        Trusted.Dispose();
        Untrusted.Dispose();
    }
}
