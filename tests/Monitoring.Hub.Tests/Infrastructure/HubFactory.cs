using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// Hosts the real hub in-process against the real services started by scripts/test.sh
/// (their addresses arrive as environment variables: Database__ConnectionString, Influx__Url, Mqtt__*).
/// Individual settings can be overridden per test, e.g. to point one dependency at a dead port,
/// and services replaced (e.g. the clock). The hub runs as environment "Testing", so the settings
/// required outside Development (Admin:Password, Auth:SigningKey) get test values here.
/// </summary>
public sealed class HubFactory(IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    public const string AdminUsername = "admin";
    public const string AdminPassword = "test-admin-password";

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Admin:Username"] = AdminUsername,
        ["Admin:Password"] = AdminPassword,
        ["Auth:SigningKey"] = "monitoring-hub-tests-signing-key-0123456789abcdef",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Defaults.Where(d => overrides?.ContainsKey(d.Key) != true))
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        // Every in-process hub is an Orleans silo of its own (localhost clustering): its own port,
        // since fixtures run side by side.
        if (overrides?.ContainsKey("Orleans:SiloPort") != true)
        {
            builder.UseSetting("Orleans:SiloPort", FreePort.Find().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}
