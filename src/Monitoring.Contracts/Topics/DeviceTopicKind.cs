namespace Monitoring.Contracts.Topics;

/// <summary>The last level of <c>rpm/v1/devices/{deviceId}/{kind}</c>.</summary>
public enum DeviceTopicKind
{
    /// <summary>SenML vital-sign readings (<c>.../telemetry</c>).</summary>
    Telemetry,

    /// <summary>SenML reported events with string or boolean values (<c>.../events</c>).</summary>
    Events,

    /// <summary>Retained <c>online</c>/<c>offline</c> (the device's will) (<c>.../status</c>).</summary>
    Status,
}
