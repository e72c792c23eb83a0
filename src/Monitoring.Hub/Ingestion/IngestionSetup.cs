using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Monitoring.Hub.Ingestion;

public static class IngestionSetup
{
    /// <summary>
    /// The device data path: MQTT consumer → processor (parse, validate, attribute) → alarm
    /// hand-off → InfluxDB writer, with the rejected store and device status beside it. Needs
    /// <c>AddDatabase()</c>, <c>AddInflux()</c> and <c>AddBroker()</c>, and an <see cref="IReadingObserver"/>:
    /// <c>AddAlarms()</c> registers the alarm engine's (the only one; nothing is replaced).
    /// </summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IngestionMetrics>();
        services.AddSingleton<IngestionQueue>();
        services.TryAddSingleton<DataLoss.IngestLag>();

        services.AddSingleton<DeviceAttribution>();
        services.AddSingleton<IAssignmentChanges>(sp => sp.GetRequiredService<DeviceAttribution>());
        services.AddHostedService(sp => sp.GetRequiredService<DeviceAttribution>());

        services.AddSingleton<RejectedStore>();
        services.AddHostedService(sp => sp.GetRequiredService<RejectedStore>());
        services.AddSingleton<DeviceStatusStore>();
        services.AddHostedService(sp => sp.GetRequiredService<DeviceStatusStore>());

        services.AddSingleton<IngestionProcessor>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestionProcessor>());

        // Last, so everything downstream runs before the first message is taken from the broker.
        services.AddSingleton<MqttIngestionConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<MqttIngestionConsumer>());
        return services;
    }
}
