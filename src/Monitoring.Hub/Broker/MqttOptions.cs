using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Broker;

public sealed class MqttOptions
{
    public const string SectionName = "Mqtt";

    [Required(ErrorMessage = "Mqtt:Host is required (the broker's host name or address).")]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535, ErrorMessage = "Mqtt:Port must be between 1 and 65535.")]
    public int Port { get; set; } = 1883;

    [Required(ErrorMessage = "Mqtt:Username is required: the broker refuses anonymous clients.")]
    public string Username { get; set; } = "hub";

    public string? Password { get; set; }

    /// <summary>Base client id; each hub instance needs its own (e.g. hub-1, hub-2).</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,64}$", ErrorMessage = "Mqtt:ClientId may contain letters, digits, '.', '_' and '-' (1-64 characters).")]
    public string ClientId { get; set; } = "hub-1";

    /// <summary>
    /// Shared-subscription group (<c>$share/{group}/...</c>) so several hubs split the device stream;
    /// every hub of a deployment sets the same one (e.g. <c>hubs</c>). Empty (the default): a plain
    /// persistent subscription, for one hub. Empty is the default because Mosquitto 2.0.x does not
    /// restore shared subscriptions from its persistence file after a restart, so messages that reach
    /// it between its start and the hub's re-subscription are dropped for a group; a plain persistent
    /// subscription survives the restart whole (docs/ingestion.md, "Known limits").
    /// </summary>
    [RegularExpression("^[A-Za-z0-9_-]{0,64}$", ErrorMessage = "Mqtt:SharedGroup may contain letters, digits, '_' and '-' (empty: no shared subscription).")]
    public string SharedGroup { get; set; } = "";

    public MqttTlsSettings? Tls { get; set; }

    /// <summary>
    /// How long the broker keeps the ingestion session (and the messages queued for it) after the hub's
    /// connection ends (MQTT 5 session expiry, spec 3.1.2.11). Empty (the default): never expires, as
    /// an MQTT 3.1.1 persistent session: a hub that is down for days still finds its backlog. Set it for
    /// an instance that may be retired for good, so its share of a group stops piling up at the broker;
    /// what a session held when it expires is gone, unseen by the data-loss watch.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "49710.06:28:15", ErrorMessage = "Mqtt:SessionExpiry must be between 1 s and 2^32-1 s (empty: never).")]
    public TimeSpan? SessionExpiry { get; set; }
}

public sealed class MqttTlsSettings
{
    public bool Enabled { get; set; }

    /// <summary>PEM file of the CA that signed the broker's certificate; system trust when empty.</summary>
    public string? CaFile { get; set; }

    public bool CheckHostname { get; set; } = true;
}
