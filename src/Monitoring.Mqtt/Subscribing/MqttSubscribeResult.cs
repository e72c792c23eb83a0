namespace Monitoring.Mqtt;

/// <summary>One return code per requested filter, in request order.</summary>
public sealed record MqttSubscribeResult(IReadOnlyList<MqttSubscribeReturnCode> Codes);
