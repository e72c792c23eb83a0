using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Auth;

/// <summary>A hub whose clock the tests move: lock-outs and token expiry without sleeping.</summary>
public sealed class LockoutFixture : HubFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override bool CacheAdminLogin => false;

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}
