using Monitoring.Domain.Alarms;
using static Monitoring.Domain.Tests.Alarms.AlarmTestData;

namespace Monitoring.Domain.Tests.Alarms;

public sealed class ReadingKeyTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 3, 20, 15, 30, TimeSpan.FromHours(8));

    // Pinned on purpose: fingerprints are stored (patient_rule_state) and compared by the next hub
    // version after an upgrade, so they must never change. The values were computed once with this
    // code and checked against a separate implementation of FNV-1a 64 + the MurmurHash3 64-bit
    // finalizer over the documented bytes; a failure here means stored redelivery memory would be lost.
    [Theory]
    [InlineData("ox-0001", "spo2", 91.5, 0x63CC4F790B3F33E6)]
    [InlineData("血氧仪-7", "symptom:dyspnea", 0, 0x4E27C3367BAE7DF4)]
    public void FingerprintNeverChangesAcrossVersions(string deviceId, string stream, double value, ulong expected)
    {
        Assert.Equal(expected, new ReadingKey(deviceId, stream, At, value).Fingerprint);
    }

    [Fact]
    public void FingerprintIsOfTheInstantWhateverTheOffset()
    {
        Assert.Equal(
            new ReadingKey(Oximeter, "spo2", At, 91.5).Fingerprint,
            new ReadingKey(Oximeter, "spo2", At.ToUniversalTime(), 91.5).Fingerprint);
    }

    // The rules compare values with double.Equals, for which 0.0 and -0.0 are one value.
    [Fact]
    public void ZeroAndNegativeZeroHaveOneFingerprint()
    {
        Assert.Equal(new ReadingKey(Oximeter, "bat", At, 0.0).Fingerprint, new ReadingKey(Oximeter, "bat", At, -0.0).Fingerprint);
    }

    [Fact]
    public void EachPartOfTheKeyChangesTheFingerprint()
    {
        var key = new ReadingKey(Oximeter, "spo2", At, 91.5);
        ReadingKey[] others =
        [
            key with { DeviceId = "ox-0002" },
            key with { Stream = "temp" },
            key with { At = At.AddTicks(1) },
            key with { Value = Math.BitIncrement(91.5) },
        ];

        Assert.All(others, other => Assert.NotEqual(key.Fingerprint, other.Fingerprint));
    }

    // Each string is terminated, so moving characters between device and stream is another key.
    [Fact]
    public void DeviceAndStreamDoNotRunIntoEachOther()
    {
        Assert.NotEqual(new ReadingKey("ox-1", "spo2", At, 97).Fingerprint, new ReadingKey("ox-1s", "po2", At, 97).Fingerprint);
    }

    [Fact]
    public void KeysOfAReadingAndOfASymptomUseTheContractsNames()
    {
        Assert.Equal(new ReadingKey(Oximeter, "spo2", At, 91.5), ReadingKey.Of(Spo2(91.5, At)));
        Assert.Equal(new ReadingKey(Oximeter, "symptom:dyspnea", At, 0), ReadingKey.Of(new SymptomReport(Oximeter, ReportedSymptom.Dyspnea, At)));
    }
}
