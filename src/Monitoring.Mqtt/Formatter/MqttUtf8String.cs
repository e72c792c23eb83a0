using System.Text;
using System.Text.Unicode;

namespace Monitoring.Mqtt.Formatter;

/// <summary>The rules of an MQTT UTF-8 encoded string (spec 1.5.3), on the wire and in .NET strings.</summary>
internal static class MqttUtf8String
{
    /// <summary>The two-byte length prefix caps a string at 65535 bytes (spec 1.5.3).</summary>
    public const int MaxByteCount = ushort.MaxValue;

    /// <summary>Well-formed UTF-8 without surrogate code points [MQTT-1.5.3-1] and without U+0000 [MQTT-1.5.3-2].</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8) =>
        utf8.Length <= MaxByteCount && !utf8.Contains((byte)0) && Utf8.IsValid(utf8);

    /// <summary>
    /// A .NET string that encodes to a valid MQTT string: no unpaired surrogate (UTF-8 cannot carry it),
    /// no U+0000, at most 65535 bytes once encoded.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        if (text.Contains('\0'))
        {
            return false;
        }

        if (text.IndexOfAnyInRange('\uD800', '\uDFFF') >= 0)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    return false;
                }
            }
        }

        // Each UTF-16 char is at most 3 UTF-8 bytes, so short strings need no count.
        return text.Length * 3 <= MaxByteCount || Encoding.UTF8.GetByteCount(text) <= MaxByteCount;
    }
}
