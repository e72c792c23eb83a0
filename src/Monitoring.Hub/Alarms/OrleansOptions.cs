using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Alarms;

/// <summary>The hub as an Orleans silo (<see cref="AlarmsSetup.AddAlarmSilo"/>).</summary>
public sealed class OrleansOptions
{
    public const string SectionName = "Orleans";

    /// <summary>Where the silos of a cluster talk to each other (loopback only with localhost clustering).</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Where outside Orleans clients would connect; zero: none (the hub's own code is co-hosted and needs none).</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }
}
