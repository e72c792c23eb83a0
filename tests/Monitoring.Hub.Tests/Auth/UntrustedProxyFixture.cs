using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Auth;

/// <summary>A hub reached through a "proxy" at 127.0.0.1 that it was not told to trust (no ForwardedHeaders), with a clock the tests move.</summary>
public sealed class UntrustedProxyFixture : HubFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override bool CacheAdminLogin => false;

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(new FakeWallClock(Clock));
        services.AddSingleton<IStartupFilter, LoopbackPeer>();
    }
}
