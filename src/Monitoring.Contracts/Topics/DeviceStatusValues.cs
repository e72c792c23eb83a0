namespace Monitoring.Contracts.Topics;

/// <summary>Payloads of the retained <c>.../status</c> topic (the device publishes <c>online</c>; its will says <c>offline</c>).</summary>
public static class DeviceStatusValues
{
    public const string Online = "online";
    public const string Offline = "offline";

    /// <summary>Parses a status payload exactly (no trimming: devices publish the bare word).</summary>
    public static string? Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.SequenceEqual("online"u8))
        {
            return Online;
        }

        return payload.SequenceEqual("offline"u8) ? Offline : null;
    }
}
