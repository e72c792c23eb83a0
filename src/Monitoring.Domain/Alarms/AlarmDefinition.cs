using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>One row of <see cref="AlarmCatalog"/>.</summary>
/// <param name="Kind">The alarm kind.</param>
/// <param name="Priority">Its priority; high-priority alarms latch and escalate (<see cref="AlarmLifecycle"/>).</param>
/// <param name="Worse">Which way its value gets worse, for the open alarm's worst value.</param>
/// <param name="Source">Where the rule comes from (seed file and section, or monitoring practice).</param>
public sealed record AlarmDefinition(AlarmKind Kind, AlarmPriority Priority, WorseDirection Worse, string Source)
{
    /// <summary>The contract name, e.g. <c>spo2_low</c>.</summary>
    [JsonIgnore]
    public string WireName => AlarmWireNames.Of(Kind);
}
