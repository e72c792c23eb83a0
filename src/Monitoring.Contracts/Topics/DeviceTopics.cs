using System.Diagnostics.CodeAnalysis;

namespace Monitoring.Contracts.Topics;

/// <summary>Builds and parses the device topics of the contract: <c>rpm/v1/devices/{deviceId}/{telemetry|events|status}</c>.</summary>
public static class DeviceTopics
{
    public const string Prefix = "rpm/v1/devices/";

    public const string TelemetryLevel = "telemetry";
    public const string EventsLevel = "events";
    public const string StatusLevel = "status";

    public static string Telemetry(string deviceId) => Build(deviceId, DeviceTopicKind.Telemetry);

    public static string Events(string deviceId) => Build(deviceId, DeviceTopicKind.Events);

    public static string Status(string deviceId) => Build(deviceId, DeviceTopicKind.Status);

    public static string Build(string deviceId, DeviceTopicKind kind)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        if (!DeviceIds.IsValid(deviceId))
        {
            throw new ArgumentException($"'{deviceId}' is not a valid device id.", nameof(deviceId));
        }

        return string.Concat(Prefix, deviceId, "/", Level(kind));
    }

    /// <summary>The subscription filter for one kind from every device: <c>rpm/v1/devices/+/{kind}</c>.</summary>
    public static string Filter(DeviceTopicKind kind) => string.Concat(Prefix, "+/", Level(kind));

    /// <summary>
    /// The same filter inside a shared-subscription group (<c>$share/{group}/...</c>, MQTT 5 §4.8.2,
    /// also honoured by Mosquitto for 3.1.1 clients), so several hubs split the stream.
    /// </summary>
    public static string SharedFilter(string group, DeviceTopicKind kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        if (group.AsSpan().IndexOfAny('/', '+', '#') >= 0)
        {
            throw new ArgumentException("A shared-subscription group may not contain '/', '+' or '#'.", nameof(group));
        }

        return string.Concat("$share/", group, "/", Filter(kind));
    }

    public static string Level(DeviceTopicKind kind) => kind switch
    {
        DeviceTopicKind.Telemetry => TelemetryLevel,
        DeviceTopicKind.Events => EventsLevel,
        DeviceTopicKind.Status => StatusLevel,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a device topic; false for anything else (other prefixes, extra levels, bad device ids).</summary>
    public static bool TryParse(string? topic, [NotNullWhen(true)] out string? deviceId, out DeviceTopicKind kind)
    {
        deviceId = null;
        kind = default;
        if (!TryParse(topic.AsSpan(), out var idSpan, out kind))
        {
            return false;
        }

        deviceId = idSpan.ToString();
        return true;
    }

    /// <summary>Allocation-free variant: the device id is a slice of <paramref name="topic"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> topic, out ReadOnlySpan<char> deviceId, out DeviceTopicKind kind)
    {
        deviceId = default;
        kind = default;
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = topic[Prefix.Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var id = rest[..slash];
        var level = rest[(slash + 1)..];
        if (!DeviceIds.IsValid(id))
        {
            return false;
        }

        if (level.SequenceEqual(TelemetryLevel))
        {
            kind = DeviceTopicKind.Telemetry;
        }
        else if (level.SequenceEqual(EventsLevel))
        {
            kind = DeviceTopicKind.Events;
        }
        else if (level.SequenceEqual(StatusLevel))
        {
            kind = DeviceTopicKind.Status;
        }
        else
        {
            return false;
        }

        deviceId = id;
        return true;
    }
}
