using System.Buffers.Text;
using System.Security.Cryptography;

namespace Monitoring.Hub.Devices;

/// <summary>Device secrets: 32 bytes from the OS CSPRNG, base64url without padding (43 characters, safe in any MQTT client).</summary>
public static class DeviceSecrets
{
    public const int Bytes = 32;

    public static string Generate() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(Bytes));
}
