using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Tests.Infrastructure;
using Serilog.Core;

namespace Monitoring.Hub.Tests.Hosting;

/// <summary>A hub whose log events are also captured in memory.</summary>
public sealed class RequestLoggingFixture : HubFixture
{
    public CapturedLogEvents Logs { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<ILogEventSink>(Logs);
}
