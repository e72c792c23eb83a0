using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Realtime;

public sealed class RealtimeOptions
{
    public const string SectionName = "Realtime";

    /// <summary>At most one <c>vitals</c> event per patient this often; newer values in between are coalesced.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan VitalsInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The snapshot holds the <c>vitals</c> samples sent this long back per patient (at most one per
    /// <see cref="VitalsInterval"/>), so the wall's sparklines are not empty after a reload. Zero: the newest values only.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SnapshotVitalsWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The snapshot's history keeps at most one sample per patient this often (live events still
    /// come every <see cref="VitalsInterval"/>): 10,000 patients with a 1 s history over 10 minutes
    /// held about 1 GB; at 20 s it is 30 samples each. The wall's sparklines fill in from the live events.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SnapshotVitalsEvery { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Events waiting to be sent; when full the alarm worker waits.</summary>
    [Range(16, 1_000_000)]
    public int QueueCapacity { get; set; } = 50_000;

    /// <summary>
    /// Sends still being written to slow connections before the publisher waits for the oldest.
    /// SignalR queues each connection's messages in order; this bounds the memory a stuck client can hold.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPendingSends { get; set; } = 10_000;
}
