using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Contracts.Validation;

namespace Monitoring.FirmwareSim.Tests.Support;

/// <summary>Reads packs back with the hub's own parser and validator (Contracts).</summary>
internal static class Senml
{
    public static List<SenmlReading> ParseValid(byte[] payload, string deviceId, DeviceTopicKind topic, DateTimeOffset receivedAt)
    {
        var readings = new List<SenmlReading>();
        var errors = new List<SenmlRecordError>();
        var result = new SenmlParser().Parse(payload, receivedAt, deviceId, readings, errors);
        Assert.True(result.IsPackValid, result.Detail);
        Assert.Empty(errors);
        var validator = new ReadingValidator();
        foreach (var reading in readings)
        {
            var check = validator.Validate(topic, reading, receivedAt);
            Assert.True(check.IsValid, $"{reading}: {check.Detail}");
        }

        return readings;
    }
}
