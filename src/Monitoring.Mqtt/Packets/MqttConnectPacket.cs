namespace Monitoring.Mqtt.Packets;

/// <summary>CONNECT (spec 3.1). A will is present when <see cref="WillTopic"/> is not null.</summary>
internal sealed class MqttConnectPacket : MqttPacket
{
    public const string MqttProtocolName = "MQTT";
    public const byte MqttProtocolLevel = 4;

    public override MqttPacketType Type => MqttPacketType.Connect;

    public string ProtocolName { get; init; } = MqttProtocolName;

    public byte ProtocolLevel { get; init; } = MqttProtocolLevel;

    public required string ClientId { get; init; }

    public bool CleanSession { get; init; }

    public ushort KeepAliveSeconds { get; init; }

    public string? WillTopic { get; init; }

    public ReadOnlyMemory<byte> WillPayload { get; init; }

    public MqttQualityOfService WillQos { get; init; }

    public bool WillRetain { get; init; }

    public string? Username { get; init; }

    /// <summary>Binary data (spec 3.1.3.5); null when the password flag is 0.</summary>
    public ReadOnlyMemory<byte>? Password { get; init; }
}
