namespace Monitoring.Contracts.Validation;

public sealed class ReadingValidatorOptions
{
    /// <summary>How far ahead of the hub's clock a reading's time may be (device clock skew) before it is rejected.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(5);
}
