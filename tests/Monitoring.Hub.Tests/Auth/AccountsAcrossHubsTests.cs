using System.Net;
using System.Net.Http.Headers;
using Monitoring.Hub.Tests.Cluster;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Auth;

/// <summary>
/// Two real hub processes on one PostgreSQL behind a trusted proxy (X-Forwarded-For names the
/// client): the throttle's counts and the revocations are shared by every hub, and a revocation
/// made on one hub closes the user's wall connection on the other.
/// </summary>
public sealed class AccountsAcrossHubsTests(TwoHubs hubs) : IClassFixture<TwoHubs>
{
    [Fact]
    public async Task AGuessingLoopThroughOneHubLeavesTheNursesRightPasswordWorkingThroughTheOtherFromHerWorkstation()
    {
        using var admin = await HubCluster.AdminAsync(hubs.A);
        var (username, password) = await HubCluster.NurseAsync(admin, await HubCluster.ClinicAsync(admin));
        using var attacker = From(hubs.A, "198.51.100.66");
        using var attackerOnB = From(hubs.B, "198.51.100.66");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            using var attempt = await (i % 2 == 0 ? attacker : attackerOnB).PostJsonAsync("/api/auth/login", new { username, password = $"guess-{i}" });
            answers.Add(attempt.StatusCode);
        }

        // Five real guesses in all, whichever hub they reached; the rest were refused before the password was checked.
        Assert.Equal(5, answers.Count(a => a == HttpStatusCode.Unauthorized));
        Assert.Equal(15, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        using var wall = From(hubs.B, "10.8.0.31");
        using var right = await wall.PostJsonAsync("/api/auth/login", new { username, password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task DisablingANurseOnOneHubClosesHerWallOnTheOtherAndHerTokenIsRefusedThere()
    {
        using var admin = await HubCluster.AdminAsync(hubs.A);
        var clinic = await HubCluster.ClinicAsync(admin);
        var (username, password) = await HubCluster.NurseAsync(admin, clinic);
        using var nurse = await HubCluster.LoginAsync(hubs.A, username, password);
        var token = nurse.DefaultRequestHeaders.Authorization!.Parameter!;
        var nurseId = (await nurse.GetJsonAsync("/api/auth/me")).GetProperty("id").GetGuid();
        await using var wall = await SignalRTestClient.ConnectAsync(hubs.B.BaseAddress, token, username);
        await wall.WaitForAsync("snapshot");
        using var onB = hubs.B.CreateClient();
        onB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var before = await onB.GetResponseAsync("/api/auth/me"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var disable = await admin.PostJsonAsync($"/api/users/{nurseId}/disable", new { });
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);

        var ended = await wall.WaitForAsync("sessionEnded");
        Assert.Equal("disabled", ended.GetProperty("reason").GetString());
        using var after = await onB.GetResponseAsync("/api/auth/me");
        Assert.Equal("disabled", (await after.AssertProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task SigningOutEverywhereOnOneHubEndsTheSessionsUsedOnTheOther()
    {
        using var admin = await HubCluster.AdminAsync(hubs.A);
        var (username, password) = await HubCluster.NurseAsync(admin, await HubCluster.ClinicAsync(admin));
        using var onA = await HubCluster.LoginAsync(hubs.A, username, password);
        using var onB = await HubCluster.LoginAsync(hubs.B, username, password);
        await using var wall = await SignalRTestClient.ConnectAsync(hubs.B.BaseAddress, onB.DefaultRequestHeaders.Authorization!.Parameter!, username);
        await wall.WaitForAsync("snapshot");

        using var logout = await onA.PostJsonAsync("/api/auth/logout", new { all = true });
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        Assert.Equal("signed_out_everywhere", (await wall.WaitForAsync("sessionEnded")).GetProperty("reason").GetString());
        using var refused = await onB.GetResponseAsync("/api/auth/me");
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private static HttpClient From(HubProcess hub, string source)
    {
        var client = hub.CreateClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", source);
        return client;
    }
}
