namespace Monitoring.Contracts.Topics;

/// <summary>
/// What a device id may look like. It is the MQTT client id, the username and a topic level, so
/// it must never contain MQTT wildcards or separators, and a SenML base name can carry it
/// (<c>urn:dev:id:{deviceId}:</c>) without ambiguity, hence no ':' either.
/// </summary>
public static class DeviceIds
{
    public const int MaxLength = 64;

    /// <summary>Letters, digits, '.', '_' and '-', 1 to <see cref="MaxLength"/> characters.</summary>
    public static bool IsValid(ReadOnlySpan<char> deviceId)
    {
        if (deviceId.IsEmpty || deviceId.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in deviceId)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The SenML base name naming a device (RFC 8428 §4.5.1 recommends a URN; RFC 9039 <c>urn:dev:id</c>).</summary>
    public static string BaseName(string deviceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        return $"{BaseNamePrefix}{deviceId}:";
    }

    /// <summary>Prefix of <see cref="BaseName"/>.</summary>
    public const string BaseNamePrefix = "urn:dev:id:";
}
