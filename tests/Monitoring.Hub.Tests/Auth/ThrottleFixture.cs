using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Auth;

/// <summary>
/// A hub whose clock the tests move (throttle delays and token expiry without sleeping), behind
/// a "reverse proxy" at 127.0.0.1 that it trusts: each request's X-Forwarded-For is the source
/// address it sees. The test server has no peer address, so one is set before the hub's pipeline.
/// The hard lock comes after 12 failures here (100 by default) to keep the tests short.
/// </summary>
public sealed class ThrottleFixture : HubFixture
{
    public const int HardLockAfter = 12;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override bool CacheAdminLogin => false;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["Auth:Throttle:HardLockAfter"] = HardLockAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(new FakeWallClock(Clock));
        services.AddSingleton<IStartupFilter, LoopbackPeer>();
    }

    /// <summary>An anonymous client whose requests come from <paramref name="source"/> (through the trusted proxy).</summary>
    public HttpClient From(string source)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", source);
        return client;
    }
}
