using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// Hosts the real hub in-process against the real services started by scripts/test.sh
/// (their addresses arrive as environment variables: Database__ConnectionString, Influx__Url, Mqtt__*).
/// Individual settings can be overridden per test, e.g. to point one dependency at a dead port.
/// </summary>
public sealed class HubFactory(IReadOnlyDictionary<string, string?>? overrides = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }
}
