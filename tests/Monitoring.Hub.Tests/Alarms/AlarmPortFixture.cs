using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Alarms;
using Monitoring.Hub.Alarms.Events;

namespace Monitoring.Hub.Tests.Alarms;

/// <summary>The alarm fixture's hub with one more subscriber on the engine's event stream (<see cref="Recorder"/>).</summary>
public sealed class AlarmPortFixture : AlarmFixture
{
    public AlarmEventRecorder Recorder { get; } = new();

    /// <summary>The engine's port, as the API, ingestion and the reminder sweeps get it.</summary>
    public IAlarmEngine Port => Factory.Services.GetRequiredService<IAlarmEngine>();

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.AddSingleton<IAlarmEventSubscriber>(Recorder);
    }
}
