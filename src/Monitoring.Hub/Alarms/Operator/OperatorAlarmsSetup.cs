namespace Monitoring.Hub.Alarms.Operator;

public static class OperatorAlarmsSetup
{
    /// <summary>The hub's own alarms (<c>operator_alarms</c>), for administrators. Needs <c>AddDatabase()</c> and <c>AddRealtime()</c>.</summary>
    public static IServiceCollection AddOperatorAlarms(this IServiceCollection services)
    {
        services.AddSingleton<OperatorAlarmStore>();
        services.AddSingleton(sp => new OperatorAlarms(
            sp.GetRequiredService<OperatorAlarmStore>(),
            sp.GetRequiredService<Microsoft.AspNetCore.SignalR.IHubContext<Realtime.AlarmHub, Realtime.IAlarmClient>>(),
            sp.GetRequiredService<ILogger<OperatorAlarms>>()));
        services.AddSingleton<IOperatorAlarms>(sp => sp.GetRequiredService<OperatorAlarms>());
        return services;
    }
}
