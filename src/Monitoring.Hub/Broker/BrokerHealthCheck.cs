using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Ingestion;
using Monitoring.Mqtt;

namespace Monitoring.Hub.Broker;

/// <summary>
/// Ready only when the broker accepts the hub's own credentials (a CONNACK "accepted"), so a
/// broker that is up but refuses the hub is reported, not hidden. While ingestion runs, its live
/// connection is the answer (connected and subscribed, or the reason it is not); before its first
/// attempt, or with ingestion disabled, a probe connection is made.
/// </summary>
public sealed class BrokerHealthCheck(IOptions<MqttOptions> options, MqttIngestionConsumer? consumer = null) : IHealthCheck
{
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

        var clientOptions = settings.ToClientOptions(
            $"{settings.ClientId}-ready", autoReconnect: false, connectTimeout: TimeSpan.FromSeconds(3), keepAlive: TimeSpan.Zero);
        await using var client = new MqttClient(clientOptions);
        try
        {
            await client.ConnectAsync(cancellationToken);
            await client.DisconnectAsync(cancellationToken);
            return HealthCheckResult.Healthy("MQTT broker accepts the hub");
        }
        catch (MqttConnectException ex)
        {
            return HealthCheckResult.Unhealthy($"MQTT broker refused the hub: {ex.ReturnCode}");
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"MQTT broker does not answer at {settings.Host}:{settings.Port}: {ex.Message}");
        }
    }
}
