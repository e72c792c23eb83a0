using Microsoft.Extensions.Logging;

namespace Monitoring.Mqtt.Internal;

/// <summary>The client's log lines; every one names the client id.</summary>
internal static partial class MqttClientLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "MQTT client {ClientId} connecting to {Host}:{Port} (TLS {Tls}).")]
    public static partial void Connecting(ILogger logger, string clientId, string host, int port, bool tls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "MQTT client {ClientId} connected; session present {SessionPresent}.")]
    public static partial void Connected(ILogger logger, string clientId, bool sessionPresent);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "MQTT client {ClientId}: the broker refused the connection: {ReturnCode}.")]
    public static partial void ConnectRefused(ILogger logger, string clientId, MqttConnectReturnCode returnCode);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "MQTT client {ClientId} lost its connection: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string clientId, string reason, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "MQTT client {ClientId}: protocol violation, closing the connection: {Violation}")]
    public static partial void ProtocolViolation(ILogger logger, string clientId, string violation, Exception exception);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "MQTT client {ClientId}: no answer within the keep-alive of {KeepAlive} after PINGREQ; closing the connection.")]
    public static partial void KeepAliveTimeout(ILogger logger, string clientId, TimeSpan keepAlive);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "MQTT client {ClientId}: reconnect attempt {Attempt} in {Delay}.")]
    public static partial void ReconnectScheduled(ILogger logger, string clientId, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "MQTT client {ClientId}: reconnect attempt {Attempt} failed: {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, string clientId, int attempt, string reason, Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "MQTT client {ClientId}: resuming with {Count} unacknowledged packets (session present {SessionPresent}).")]
    public static partial void Resuming(ILogger logger, string clientId, int count, bool sessionPresent);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "MQTT client {ClientId}: the broker kept no session; subscribing again to {Count} filters.")]
    public static partial void Resubscribing(ILogger logger, string clientId, int count);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "MQTT client {ClientId}: the broker refused the resubscription to {Filter}.")]
    public static partial void ResubscribeRefused(ILogger logger, string clientId, string filter);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "MQTT client {ClientId}: {PacketType} for Packet Identifier {PacketId}, which has nothing in flight; ignored.")]
    public static partial void UnexpectedAcknowledgement(ILogger logger, string clientId, string packetType, ushort packetId);

    [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "MQTT client {ClientId}: QoS 2 redelivery of Packet Identifier {PacketId} answered without delivering it again.")]
    public static partial void Qos2DuplicateSuppressed(ILogger logger, string clientId, ushort packetId);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "MQTT client {ClientId}: a {EventName} handler threw.")]
    public static partial void EventHandlerFailed(ILogger logger, string clientId, string eventName, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "MQTT client {ClientId} disconnected.")]
    public static partial void Disconnected(ILogger logger, string clientId);

    [LoggerMessage(EventId = 16, Level = LogLevel.Error, Message = "MQTT client {ClientId}: the {Loop} loop failed.")]
    public static partial void LoopFailed(ILogger logger, string clientId, string loop, Exception exception);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "MQTT client {ClientId}: the broker has sent {Outstanding} messages whose acknowledgement is not yet written; reading pauses until the oldest is acknowledged.")]
    public static partial void AcknowledgementWindowFull(ILogger logger, string clientId, int outstanding);
}
