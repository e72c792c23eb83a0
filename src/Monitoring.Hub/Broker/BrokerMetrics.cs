using System.Diagnostics.Metrics;

namespace Monitoring.Hub.Broker;

/// <summary>
/// Counters of the hub's broker connections on the meter <see cref="MeterName"/>, tagged with the
/// connection's client id (<see cref="ClientIdTag"/>). The names are those our own MQTT client had
/// (served as <c>mqtt_client_*_total{mqtt_client_id}</c>), so dashboards and alerts keep working.
/// </summary>
public sealed class BrokerMetrics
{
    public const string MeterName = "Monitoring.Hub.Broker";

    public const string ClientIdTag = "mqtt.client.id";

    private readonly Counter<long> _sent;
    private readonly Counter<long> _received;
    private readonly Counter<long> _acknowledged;
    private readonly Counter<long> _reconnects;

    public BrokerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _sent = meter.CreateCounter<long>("mqtt.client.messages.sent", "{message}", "Messages the hub published to the broker.");
        _received = meter.CreateCounter<long>("mqtt.client.messages.received", "{message}", "Messages received from the broker.");
        _acknowledged = meter.CreateCounter<long>("mqtt.client.messages.acknowledged", "{message}", "Received messages acknowledged to the broker.");
        _reconnects = meter.CreateCounter<long>("mqtt.client.reconnects", "{reconnect}", "Successful reconnects after a lost connection.");
    }

    public void Sent(string clientId) => _sent.Add(1, Tag(clientId));

    public void Received(string clientId) => _received.Add(1, Tag(clientId));

    public void Acknowledged(string clientId, int count = 1) => _acknowledged.Add(count, Tag(clientId));

    public void Reconnected(string clientId) => _reconnects.Add(1, Tag(clientId));

    private static KeyValuePair<string, object?> Tag(string clientId) => new(ClientIdTag, clientId);
}
