using System.ComponentModel.DataAnnotations;

namespace Monitoring.Hub.Redis;

/// <summary>
/// The Redis that several hubs share (docs/scale-out.md): the SignalR backplane. Empty
/// <see cref="Configuration"/> (the default): one hub, no Redis.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis connection string, e.g. <c>redis:6379,user=hub,password=…</c>; empty: no Redis.
    /// Holds a password: never logged.
    /// </summary>
    public string Configuration { get; set; } = "";

    /// <summary>
    /// Put before every Redis channel the hubs use, so deployments (or test runs) sharing one Redis do
    /// not hear each other. The same on every hub of one deployment.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.:-]{1,64}$", ErrorMessage = "Redis:ChannelPrefix may contain letters, digits, '.', '_', ':' and '-' (1-64 characters).")]
    public string ChannelPrefix { get; set; } = "home-monitoring";

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
