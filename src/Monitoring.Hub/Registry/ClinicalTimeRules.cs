namespace Monitoring.Hub.Registry;

/// <summary>Plausibility of clinician-entered times (episode starts, test samples).</summary>
public static class ClinicalTimeRules
{
    /// <summary>No COVID-19 record predates this; an earlier time is an entry error.</summary>
    public static readonly DateTimeOffset Earliest = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Allowance for a client clock running ahead of the hub's.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Null when plausible, otherwise the reason.</summary>
    public static string? Check(DateTimeOffset value, DateTimeOffset now) =>
        value > now + FutureTolerance ? "must not be in the future."
        : value < Earliest ? "must not be before 2020-01-01."
        : null;
}
