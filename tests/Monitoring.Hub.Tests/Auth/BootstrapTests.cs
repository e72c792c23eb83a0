using System.Net;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Auth;

/// <summary>The bootstrap administrator and the settings the hub refuses to start without.</summary>
public sealed class BootstrapTests
{
    [Fact]
    public async Task TheConfiguredAdministratorCanLogInOnAFreshDatabase()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var factory = new HubFactory(new Dictionary<string, string?> { ["Database:ConnectionString"] = database.ConnectionString });
        using var client = factory.CreateClient();

        using var response = await client.PostJsonAsync("/api/auth/login", new { username = HubFactory.AdminUsername, password = HubFactory.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ANewAdministratorPasswordInConfigurationTakesEffectAtTheNextStart()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var first = new HubFactory(new Dictionary<string, string?> { ["Database:ConnectionString"] = database.ConnectionString }))
        {
            _ = first.Server;
        }

        await using var second = new HubFactory(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Admin:Password"] = "a-rotated-admin-password",
        });
        using var client = second.CreateClient();

        using var old = await client.PostJsonAsync("/api/auth/login", new { username = HubFactory.AdminUsername, password = HubFactory.AdminPassword });
        using var rotated = await client.PostJsonAsync("/api/auth/login", new { username = HubFactory.AdminUsername, password = "a-rotated-admin-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
    }

    [Fact]
    public async Task ARestartWithTheSameConfiguredPasswordUndoesNeitherAPasswordChangeNorADisable()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Database:ConnectionString"] = database.ConnectionString };
        Guid secondAdmin;
        await using (var first = new HubFactory(settings))
        {
            using var client = await LoginAsync(first, HubFactory.AdminUsername, HubFactory.AdminPassword);
            using var change = await client.PostJsonAsync("/api/auth/password", new { currentPassword = HubFactory.AdminPassword, newPassword = "changed-through-the-api" });
            Assert.Equal(HttpStatusCode.OK, change.StatusCode);
            using var relogin = await LoginAsync(first, HubFactory.AdminUsername, "changed-through-the-api");
            using var create = await relogin.PostJsonAsync("/api/users", new { username = "second-admin", password = "second-admin-password", role = "admin" });
            secondAdmin = (await create.ReadJsonAsync()).GetProperty("id").GetGuid();
            using var second = await LoginAsync(first, "second-admin", "second-admin-password");
            var bootstrapId = (await relogin.GetJsonAsync("/api/auth/me")).GetProperty("id").GetGuid();
            using var disable = await second.PostJsonAsync($"/api/users/{bootstrapId}/disable", new { });
            Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        }

        await using var restarted = new HubFactory(settings);
        using var anonymous = restarted.CreateClient();
        using var configured = await anonymous.PostJsonAsync("/api/auth/login", new { username = HubFactory.AdminUsername, password = HubFactory.AdminPassword });
        using var changed = await anonymous.PostJsonAsync("/api/auth/login", new { username = HubFactory.AdminUsername, password = "changed-through-the-api" });

        await configured.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("disabled", (await changed.AssertProblemAsync(HttpStatusCode.Forbidden)).GetProperty("reason").GetString());
        Assert.NotEqual(Guid.Empty, secondAdmin);
    }

    private static async Task<HttpClient> LoginAsync(HubFactory factory, string username, string password)
    {
        var client = factory.CreateClient();
        using var response = await client.PostJsonAsync("/api/auth/login", new { username, password });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"login of {username} answered {(int)response.StatusCode}: {body}");
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return client;
    }

    [Theory]
    [InlineData("Admin:Password", "", "Admin:Password")]
    [InlineData("Admin:Password", "short", "Admin:Password")]
    [InlineData("Admin:Username", "not a name", "Admin:Username")]
    [InlineData("Auth:SigningKey", "", "Auth:SigningKey")]
    [InlineData("Auth:SigningKey", "too-short-key", "Auth:SigningKey")]
    [InlineData("Auth:SigningKey", "monitoring-hub-development-signing-key-do-not-use-in-production", "Auth:SigningKey")]
    [InlineData("Auth:TokenLifetime", "00:00:10", "Auth:TokenLifetime")]
    [InlineData("Api:MaxRequestBodyBytes", "10", "Api:MaxRequestBodyBytes")]
    public async Task OutsideDevelopmentTheHubRefusesToStartWithoutSafeSettings(string key, string value, string named)
    {
        await using var factory = new HubFactory(new Dictionary<string, string?> { [key] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }
}
