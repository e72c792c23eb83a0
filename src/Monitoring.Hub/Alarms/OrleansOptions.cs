using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Alarms;

/// <summary>
/// The hub as an Orleans silo (<see cref="AlarmsSetup.AddAlarmSilo"/>): alone on localhost
/// clustering (the default), or one of N hubs whose membership table lives in the Redis of
/// <c>Redis:Configuration</c> (docs/scale-out.md).
/// </summary>
public sealed class OrleansOptions
{
    public const string SectionName = "Orleans";

    /// <summary>
    /// <see cref="OrleansMembership.Localhost"/> (one hub) or <see cref="OrleansMembership.Redis"/> (N hubs).
    /// Not <c>Orleans:Clustering</c>: Orleans reserves that key for its own provider configuration and
    /// refuses to start when it holds a plain value.
    /// </summary>
    public OrleansMembership Membership { get; set; } = OrleansMembership.Localhost;

    /// <summary>The same on every hub of one deployment; hubs of another id (e.g. test runs sharing one Redis) never meet.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Orleans:ClusterId may contain letters, digits, '.', '_' and '-' (1-64 characters).")]
    public string ClusterId { get; set; } = "home-monitoring";

    /// <summary>Names the service across redeployments (Orleans keys stored state by it); the same on every hub.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Orleans:ServiceId may contain letters, digits, '.', '_' and '-' (1-64 characters).")]
    public string ServiceId { get; set; } = "home-monitoring";

    /// <summary>Where the silos of a cluster talk to each other (loopback only with localhost clustering).</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Where outside Orleans clients would connect; zero: none (the hub's own code is co-hosted and needs none).</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; }

    /// <summary>
    /// The IP address the other hubs reach this one's <see cref="SiloPort"/> at (with Redis clustering);
    /// empty: the first non-loopback address of this host, as Orleans picks it.
    /// </summary>
    public string AdvertisedAddress { get; set; } = "";

    /// <summary>
    /// How long one liveness probe of another hub may take, and the pause between probes; a hub missing
    /// <see cref="MissedProbesLimit"/> in a row is suspected, and declared dead on
    /// <see cref="VotesForDeath"/> suspicions. Tuned for failover in seconds (docs/scale-out.md, measured);
    /// Orleans' default (5 s × 3) took 8-15 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:00:30")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 10)]
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>
    /// The longest a probe may be allowed as Orleans adapts it. It also sets how long a hub that sent
    /// anything lately is held alive whatever its probes say (<see cref="MissedProbesLimit"/> × this:
    /// Orleans' guard against a GC pause or a starved thread pool looking like death). Orleans' default,
    /// 4 × <see cref="ProbeTimeout"/>, made that 12 s and a frozen hub's failover 12-13 s (measured).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")]
    public TimeSpan MaxProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1, 10)]
    public int VotesForDeath { get; set; } = 2;

    /// <summary>How often each hub re-reads the membership table (it also hears changes from the others at once).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TableRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A grain call not answered in this long fails (and a reading call is retried). A frozen hub's
    /// calls are broken sooner, when it is declared dead; this bounds the rest (a grain waiting for PostgreSQL).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
