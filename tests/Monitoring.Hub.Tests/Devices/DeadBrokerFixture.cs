using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Devices;

/// <summary>A hub whose broker address answers nothing.</summary>
public sealed class DeadBrokerFixture : HubFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mqtt:Port"] = FreePort.Find().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Devices:BrokerTimeout"] = "00:00:03",
    };
}
