using System.Text.Json.Serialization;

namespace Monitoring.Domain.Alarms;

/// <summary>One step of a clinic's escalation ladder: an unacknowledged high-priority alarm notifies
/// <paramref name="NotifyLevel"/> once it has been active for <paramref name="AfterMinutes"/>.</summary>
/// <param name="AfterMinutes">Minutes since the alarm became active.</param>
/// <param name="NotifyLevel">Whom to notify; a name the clinic's notification setup knows (e.g. <c>supervisor</c>, <c>doctor_on_call</c>).</param>
public sealed record EscalationStep(int AfterMinutes, string NotifyLevel)
{
    /// <summary>The level of the default one-step ladder.</summary>
    public const string DefaultNotifyLevel = "supervisor";

    [JsonIgnore]
    public TimeSpan After => TimeSpan.FromMinutes(AfterMinutes);
}
