namespace Monitoring.Hub.Benchmarks;

/// <summary>One rate step of a phase (or the hold): what was offered, what arrived, and whether the receiver kept up.</summary>
public sealed record StepResult
{
    public required string Phase { get; init; }

    public required double TargetRate { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Messages the broker acknowledged to the generator, per second.</summary>
    public required double AchievedRate { get; init; }

    public required long Sent { get; init; }

    public required long Acked { get; init; }

    /// <summary>Messages the receiver got (subscriber) or acknowledged after durability (hub).</summary>
    public required long Consumed { get; init; }

    /// <summary>InfluxDB points with SpO2 / with pulse in the step's window (hub phases).</summary>
    public long? InfluxSpo2 { get; init; }

    public long? InfluxPulse { get; init; }

    /// <summary>Acked by the broker but never counted at the receiver (InfluxDB for the hub).</summary>
    public required long Lost { get; init; }

    /// <summary>Counted more than acked (doubles).</summary>
    public required long Extra { get; init; }

    /// <summary>QoS 1 messages Mosquitto dropped at a queue limit during the step ($SYS).</summary>
    public required long BrokerDropped { get; init; }

    /// <summary>Messages behind (acked by the broker, not yet consumed) when the generator stopped.</summary>
    public required long EndBacklog { get; init; }

    /// <summary>Growth of that backlog over the second half of the step, messages per second.</summary>
    public required double BacklogSlope { get; init; }

    public long MaxBacklog { get; init; }

    public long BrokerStoredMax { get; init; }

    /// <summary>From the generator's stop until everything was consumed.</summary>
    public required double DrainSeconds { get; init; }

    public required IReadOnlyDictionary<string, double> CpuPercent { get; init; }

    public double? HubRssMaxMb { get; init; }

    /// <summary>Hub CPU time from the step's start to the end of its drain, per message consumed: what the hub costs, whatever share of the cores it got.</summary>
    public double? HubCpuMicrosPerMessage { get; init; }

    public required bool KeptUp { get; init; }

    /// <summary>Readings lost or doubled, or the broker dropped messages: the step failed whatever its rate.</summary>
    public bool LossFound { get; init; }

    /// <summary>The generator did not reach 95 % of the target (the machine's cores were busy).</summary>
    public bool GeneratorShort { get; init; }

    public required string Verdict { get; init; }

    public string LoadAverage { get; init; } = "";

    /// <summary>Highest value of each of the hub's gauges sampled during the step (queues, unacknowledged).</summary>
    public IReadOnlyDictionary<string, long> GaugeMax { get; init; } = new Dictionary<string, long>();
}
