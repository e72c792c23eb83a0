using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;
using Monitoring.Hub.Scheduling;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Scheduling;

/// <summary>
/// Hangfire's dashboard at /hangfire through the hub's own authentication: an administrator's bearer
/// token (scripts) or the short-lived cookie the clinicians' dashboard asks for; nobody else.
/// </summary>
public sealed class JobsDashboardTests(HubFixture hub) : IClassFixture<HubFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Bare() => hub.Factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });

    private async Task<string> TokenAsync(string username, string password)
    {
        using var anonymous = Bare();
        using var response = await anonymous.PostJsonAsync("/api/auth/login", new { username, password });
        return (await response.ReadJsonAsync()).GetProperty("token").GetString()!;
    }

    private HttpClient Bearer(string token)
    {
        var client = Bare();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<SetCookieHeaderValue> DashboardCookieAsync(string adminToken)
    {
        using var admin = Bearer(adminToken);
        using var response = await admin.PostAsync(new Uri("/api/jobs/dashboard-session", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var cookies = SetCookieHeaderValue.ParseList([.. response.Headers.GetValues(HeaderNames.SetCookie)]);
        return Assert.Single(cookies, c => c.Name == "hub_jobs_dashboard");
    }

    [Fact]
    public async Task AnAdministratorsBearerTokenOpensTheDashboardAndItsRecurringJobs()
    {
        using var admin = Bearer(await TokenAsync(HubFactory.AdminUsername, HubFactory.AdminPassword));
        using var page = await admin.GetAsync(new Uri("/hangfire", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Monitoring hub · jobs", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var recurring = await admin.GetAsync(new Uri("/hangfire/recurring", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, recurring.StatusCode);
    }

    [Fact]
    public async Task WithoutATokenTheDashboardAnswers401AndNursesAndDoctorsGet403()
    {
        using var anonymous = Bare();
        using (var response = await anonymous.GetAsync(new Uri("/hangfire", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var response = await anonymous.GetAsync(new Uri("/hangfire/stats", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var clinic = await hub.CreateClinicAsync();
        foreach (var user in new[] { await hub.CreateNurseAsync(clinic), await hub.CreateDoctorAsync(clinic) })
        {
            using var client = Bearer(await TokenAsync(user.Username, user.Password));
            using var page = await client.GetAsync(new Uri("/hangfire", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
            using var session = await client.PostAsync(new Uri("/api/jobs/dashboard-session", UriKind.Relative), null, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, session.StatusCode);
        }
    }

    [Fact]
    public async Task TheDashboardSessionCookieIsHttpOnlyStrictScopedToHangfireOpensItAndIsAudited()
    {
        var before = await hub.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'jobs_dashboard.opened' AND actor_username = 'admin'");
        var cookie = await DashboardCookieAsync(await TokenAsync(HubFactory.AdminUsername, HubFactory.AdminPassword));
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Strict, cookie.SameSite);
        Assert.Equal("/hangfire", cookie.Path.ToString());
        Assert.NotNull(cookie.Expires);
        Assert.InRange(cookie.Expires!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(31));
        Assert.Equal(before + 1, await hub.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'jobs_dashboard.opened' AND actor_username = 'admin'"));

        using var browser = Bare();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Add(HeaderNames.Cookie, $"{cookie.Name}={cookie.Value}");
        using var page = await browser.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task TheCookiesTokenIsRefusedByTheApiAndTheCookieIsIgnoredOutsideHangfire()
    {
        var cookie = await DashboardCookieAsync(await TokenAsync(HubFactory.AdminUsername, HubFactory.AdminPassword));

        using var asBearer = Bearer(cookie.Value.ToString());
        using (var response = await asBearer.GetAsync(new Uri("/api/clinics", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var browser = Bare();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/clinics");
        request.Headers.Add(HeaderNames.Cookie, $"{cookie.Name}={cookie.Value}");
        using var api = await browser.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task SigningOutEndsTheDashboardCookieToo()
    {
        var token = await TokenAsync(HubFactory.AdminUsername, HubFactory.AdminPassword);
        var cookie = await DashboardCookieAsync(token);
        using (var admin = Bearer(token))
        using (var logout = await admin.PostJsonAsync("/api/auth/logout", new { }))
        {
            Assert.True(logout.IsSuccessStatusCode, $"logout answered {(int)logout.StatusCode}");
        }

        using var browser = Bare();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Add(HeaderNames.Cookie, $"{cookie.Name}={cookie.Value}");
        using var page = await browser.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }

    [Fact]
    public async Task ACommandPostedToTheDashboardIsAuditedWithItsCaller()
    {
        // Every hub declares the sweeps once its schema is ready, even one that runs no job server (Testing).
        var scheduler = hub.Factory.Services.GetRequiredService<SchedulerHost>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!scheduler.Declared)
        {
            Assert.True(DateTime.UtcNow < deadline, "the hub declares its sweeps within 60 s");
            await Task.Delay(100, Ct);
        }

        using var admin = Bearer(await TokenAsync(HubFactory.AdminUsername, HubFactory.AdminPassword));
        using var form = new FormUrlEncodedContent([new("jobs[]", "followup-overdue")]);
        using var response = await admin.PostAsync(new Uri("/hangfire/recurring/trigger", UriKind.Relative), form, Ct);
        Assert.True(response.IsSuccessStatusCode, $"trigger answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
        Assert.Equal(1, await hub.CountAsync(
            "SELECT count(*) FROM audit_log WHERE action = 'jobs_dashboard.command' AND actor_username = 'admin' AND entity_id = '/hangfire/recurring/trigger' AND after->>'jobs' = 'followup-overdue'"));

        // The page's own polling of its counters (POST /stats) is a read: not audited.
        using var stats = new FormUrlEncodedContent([new("metrics[]", "enqueued:count")]);
        using var polled = await admin.PostAsync(new Uri("/hangfire/stats", UriKind.Relative), stats, Ct);
        Assert.Equal(HttpStatusCode.OK, polled.StatusCode);
        Assert.Equal(0, await hub.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'jobs_dashboard.command' AND entity_id = '/hangfire/stats'"));
    }
}
