using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// Several hubs against one broker, InfluxDB and PostgreSQL (docs/scale-out.md). Disabled (the
/// default): one hub does everything, exactly as before.
/// </summary>
public sealed class ClusterOptions
{
    public const string SectionName = "Cluster";

    /// <summary>Header carrying <see cref="Secret"/> on hub-to-hub calls.</summary>
    public const string SecretHeader = "X-Cluster-Secret";

    public bool Enabled { get; set; }

    /// <summary>This hub's name in <c>cluster_members</c>; empty: <c>Mqtt:ClientId</c>.</summary>
    [RegularExpression("^[A-Za-z0-9_.-]{0,64}$", ErrorMessage = "Cluster:HubId may contain letters, digits, '.', '_' and '-' (1-64 characters).")]
    public string HubId { get; set; } = "";

    /// <summary>How the other hubs reach this one's HTTP (e.g. <c>http://hub-2:8080</c>); required when enabled.</summary>
    public string? AdvertisedUrl { get; set; }

    /// <summary>Shared by the hubs of a deployment; authenticates <c>/internal/cluster/...</c> calls. Required (16+ characters) when enabled.</summary>
    public string? Secret { get; set; }

    /// <summary>Topics between the hubs: <c>{prefix}/alarm-feed</c>.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_/-]{1,100}$", ErrorMessage = "Cluster:TopicPrefix may contain letters, digits, '_', '-' and '/'.")]
    public string TopicPrefix { get; set; } = "rpm/v1/hubs";

    /// <summary>How often followers try to take the leadership and everyone writes its heartbeat.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan LeasePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A follower sends readings to the leader in batches of at most this many.</summary>
    [Range(1, 10_000)]
    public int FeedBatchSize { get; set; } = 500;

    /// <summary>How long a follower waits for more readings before sending a batch.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan FeedLinger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Hub-to-hub HTTP calls give up after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ForwardTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public string AlarmFeedTopic => $"{TopicPrefix}/alarm-feed";

    /// <summary>
    /// The one client id of whichever hub leads: its persistent session keeps the feed's backlog
    /// during a failover, and the broker's client-id takeover disconnects an old leader.
    /// </summary>
    public string AlarmEngineClientId => $"{TopicPrefix.Replace('/', '-')}-alarm-engine";
}
