using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Ingestion;
using MQTTnet;

namespace Monitoring.Hub.Broker;

/// <summary>
/// Ready only when the broker accepts the hub's own credentials (a CONNACK "success"), so a
/// broker that is up but refuses the hub is reported, not hidden. While ingestion runs, its live
/// connection is the answer (connected and subscribed, or the reason it is not); before its first
/// attempt, or with ingestion disabled, a probe connection is made.
/// </summary>
public sealed class BrokerHealthCheck(IOptions<MqttOptions> options, MqttIngestionConsumer? consumer = null) : IHealthCheck
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (consumer is { Enabled: true, HasAttempted: true })
        {
            if (consumer.IsConsuming)
            {
                return HealthCheckResult.Healthy("MQTT broker accepts the hub; ingestion is subscribed");
            }

            var (error, refused) = consumer.LastFailure;
            return refused
                ? HealthCheckResult.Unhealthy($"MQTT broker refused the hub: {error}")
                : HealthCheckResult.Unhealthy($"MQTT broker does not answer at {settings.Host}:{settings.Port}: {error}");
        }

        var clientOptions = settings.ToClientOptionsBuilder($"{settings.ClientId}-ready", ProbeTimeout).WithCleanStart().WithNoKeepAlive().Build();
        using var client = new MqttClientFactory().CreateMqttClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            var result = await client.ConnectAsync(clientOptions, timeout.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                return HealthCheckResult.Unhealthy($"MQTT broker refused the hub: {new BrokerRefusedException(result).Message}");
            }

            await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token);
            return HealthCheckResult.Healthy("MQTT broker accepts the hub");
        }
        catch (Exception ex) when (BrokerConnection.IsTransient(ex))
        {
            var (error, refused) = BrokerConnection.Describe(ex);
            return refused
                ? HealthCheckResult.Unhealthy($"MQTT broker refused the hub: {error}")
                : HealthCheckResult.Unhealthy($"MQTT broker does not answer at {settings.Host}:{settings.Port}: {ex.Message}");
        }
    }
}
