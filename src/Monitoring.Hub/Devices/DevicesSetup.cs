namespace Monitoring.Hub.Devices;

public static class DevicesSetup
{
    /// <summary>Device registry, broker accounts through dynamic security, assignments. Needs <c>AddBroker()</c>.</summary>
    public static IServiceCollection AddDevices(this IServiceCollection services)
    {
        services.AddOptions<DevicesOptions>()
            .BindConfiguration(DevicesOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DynamicSecurityClient>();
        services.AddSingleton<DeviceAccounts>();
        services.AddSingleton<DeviceStore>();
        services.AddSingleton<DeviceAssignments>();
        return services;
    }
}
