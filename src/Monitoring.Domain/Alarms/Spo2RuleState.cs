namespace Monitoring.Domain.Alarms;

/// <summary>What the <c>spo2_low</c> rule remembers.</summary>
public sealed record Spo2RuleState
{
    /// <summary>The own time of the newest SpO2 reading.</summary>
    public DateTimeOffset? LastAt { get; init; }

    /// <summary>The own time of the newest SpO2 reading at or above the threshold.</summary>
    public DateTimeOffset? LastNormalAt { get; init; }

    /// <summary>The current run below the threshold (the readings after <see cref="LastNormalAt"/>), if any.</summary>
    public Spo2Run? Run { get; init; }

    /// <summary>The current run is sustained and has been raised.</summary>
    public bool Alarming { get; init; }

    /// <summary>
    /// The newest reading of the backlog sequence: readings older than <see cref="LastNormalAt"/>,
    /// which arrive after newer ones (a device uploading what it stored while offline).
    /// </summary>
    public DateTimeOffset? BackfillLastAt { get; init; }

    /// <summary>The backlog sequence's current run below the threshold.</summary>
    public Spo2Run? BackfillRun { get; init; }

    /// <summary>The backlog run has been reported (raised and cleared).</summary>
    public bool BackfillReported { get; init; }
}
