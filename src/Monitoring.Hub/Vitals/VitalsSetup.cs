namespace Monitoring.Hub.Vitals;

public static class VitalsSetup
{
    /// <summary>The vitals query over InfluxDB (needs <c>AddInflux()</c>).</summary>
    public static IServiceCollection AddVitals(this IServiceCollection services)
    {
        services.AddSingleton<VitalsQuery>();
        return services;
    }
}
