namespace Monitoring.Contracts.Metrics;

/// <summary>The SenML units of the contract (RFC 8428 §12.1 registry symbols).</summary>
public static class SenmlUnits
{
    public const string Percent = "%";
    public const string BeatsPerMinute = "beat/min";
    public const string Celsius = "Cel";
    public const string PerMinute = "1/min";
    public const string PercentRemainingBattery = "%EL";
}
