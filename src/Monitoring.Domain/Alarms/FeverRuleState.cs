namespace Monitoring.Domain.Alarms;

/// <summary>What the <c>fever</c> rule remembers.</summary>
public sealed record FeverRuleState
{
    /// <summary>The own time of the newest temperature reading.</summary>
    public DateTimeOffset? LastAt { get; init; }

    /// <summary>The newest temperature reading is a fever and has been raised.</summary>
    public bool Alarming { get; init; }
}
