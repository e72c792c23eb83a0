using Monitoring.Contracts.Topics;

namespace Monitoring.FirmwareSim.Load;

/// <summary>One simulated device in load mode: its topic, its message counter and any desaturation being injected.</summary>
public sealed class LoadDevice
{
    public LoadDevice(string id, double spo2Baseline, double pulseBaseline)
    {
        Id = id;
        Topic = DeviceTopics.Telemetry(id);
        Spo2Baseline = spo2Baseline;
        PulseBaseline = pulseBaseline;
    }

    public string Id { get; }

    public string Topic { get; }

    public double Spo2Baseline { get; }

    public double PulseBaseline { get; }

    /// <summary>Messages built so far; the next message carries <c>Sequence + 1</c>.</summary>
    public long Sequence { get; set; }

    /// <summary>The desaturation injected into this device's next messages, if any.</summary>
    public DesaturationInjection? Desaturation { get; set; }

    /// <summary>How many more messages carry the desaturation.</summary>
    public int DesaturationRemaining { get; set; }
}
