using System.Globalization;
using System.Text;

namespace Monitoring.Hub.DataLoss;

/// <summary>
/// A probe the hub publishes (QoS 1) on a topic its own device subscription matches, so it waits in
/// the same broker queue as the readings: its age on arrival is the hub's lag behind the broker,
/// including what the broker holds and the hub cannot see. Payload: <c>{clientId} {sequence} {sentAt unix ms}</c>.
/// The device level <c>$hub</c> cannot be a device id (ids are letters, digits, '-', '_', '.').
/// </summary>
internal static class LagProbe
{
    public const string Topic = "rpm/v1/devices/$hub/status";

    public static byte[] Encode(string clientId, long sequence, DateTimeOffset sentAt) =>
        Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{clientId} {sequence} {sentAt.ToUnixTimeMilliseconds()}"));

    public static bool TryDecode(ReadOnlySpan<byte> payload, out string clientId, out long sequence, out DateTimeOffset sentAt)
    {
        clientId = "";
        sequence = 0;
        sentAt = default;
        var parts = Encoding.ASCII.GetString(payload).Split(' ');
        if (parts.Length != 3
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return false;
        }

        clientId = parts[0];
        sentAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }
}
