using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Ingestion;

public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Consume device messages from the broker. Off only for hosts that must not take a share of the stream.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest payload accepted; a larger message is rejected (its first bytes are kept).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>Most SenML records in one message (a device's backlog after hours offline fits easily).</summary>
    [Range(1, 1_000_000)]
    public int MaxRecordsPerMessage { get; set; } = 20_000;

    /// <summary>How far ahead of the hub's clock a reading may be stamped (device clock skew).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages received from MQTT and not yet processed; when full the MQTT read loop waits.</summary>
    [Range(1, 1_000_000)]
    public int InboundCapacity { get; set; } = 10_000;

    /// <summary>Rejected messages kept for inspection (newest first); older ones are pruned.</summary>
    [Range(1, 10_000_000)]
    public int RejectedKeep { get; set; } = 10_000;

    /// <summary>Bytes of a rejected payload kept.</summary>
    [Range(64, 1024 * 1024)]
    public int RejectedPayloadBytes { get; set; } = 2048;

    /// <summary>
    /// Rejected messages one device may have stored per second (burst: ten times this). Beyond it
    /// they are still counted and logged, but their payloads are not stored, so one device's junk
    /// flood cannot crowd out the rest.
    /// </summary>
    [Range(0.01, 100_000)]
    public double RejectedStoreRatePerDevice { get; set; } = 20;

    /// <summary>Rejected entries waiting to be stored; beyond it they are counted only.</summary>
    [Range(1, 1_000_000)]
    public int RejectedQueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// How often last-seen is written to PostgreSQL (one upsert of every device heard since; a
    /// status message is written at once). Every 10 s rather than every second: with 10,000
    /// streaming devices each flush rewrites 10,000 rows, and last-seen is a convenience for the
    /// inventory (device silence is judged in memory, after 15 minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan StatusFlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Assignments are reloaded this often even without a change notification (other hub instances change them too).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AssignmentRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A reading from a device the cache does not know reloads the assignments, but not more often
    /// than this, so a flood of unknown device ids cannot hammer PostgreSQL.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan AssignmentMissRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Unacknowledged messages the broker may send the hub's ingestion connection at once (MQTT 5 receive
    /// maximum, §3.1.2.11.3): the flow control between the broker and the hub. It bounds what the client
    /// holds ahead of <see cref="InboundCapacity"/>, and must stay well above the processor's batch (256)
    /// and cover the time an InfluxDB write takes at full rate. Mosquitto 2.0 may exceed it after a
    /// session resumes mid-acknowledgement (docs/ingestion.md, "Known limits").
    /// </summary>
    [Range(1, 65535)]
    public int ReceiveMaximum { get; set; } = 20_000;
}
