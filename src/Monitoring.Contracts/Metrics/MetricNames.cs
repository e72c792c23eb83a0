namespace Monitoring.Contracts.Metrics;

/// <summary>SenML names of the vital-sign metrics (contract, MQTT telemetry table). Also the InfluxDB field keys.</summary>
public static class MetricNames
{
    public const string Spo2 = "spo2";
    public const string PulseRate = "pr";
    public const string Temperature = "temp";
    public const string RespiratoryRate = "rr";
    public const string PerfusionIndex = "pi";
    public const string Battery = "bat";
}
