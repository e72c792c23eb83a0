using System.Net;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Auth;

/// <summary>Auth:MaxFailedLogins (5) failures in a row lock an account for Auth:LockoutDuration (15 min).</summary>
public sealed class LockoutTests(LockoutFixture hub) : IClassFixture<LockoutFixture>
{
    [Fact]
    public async Task TheFifthFailedLoginInARowLocksTheAccountEvenAgainstTheRightPassword()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        using var client = hub.Anonymous();

        for (var i = 1; i <= 4; i++)
        {
            using var failure = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = "wrong-password" });
            await failure.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var fifth = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = "wrong-password" });
        await fifth.AssertProblemAsync(HttpStatusCode.Locked);
        Assert.Equal(TimeSpan.FromMinutes(15), fifth.Headers.RetryAfter?.Delta);

        using var right = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = nurse.Password });
        await right.AssertProblemAsync(HttpStatusCode.Locked);

        var audit = await hub.AuditAsync("user", nurse.Id.ToString());
        Assert.Equal(["user.created", "user.locked_out"], audit.Select(a => a.Action));
        Assert.Equal("system", audit[1].ActorUsername);
    }

    [Fact]
    public async Task TheLockEndsAfterFifteenMinutes()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        using var client = hub.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            using var failure = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = "wrong-password" });
        }

        hub.Clock.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        using var stillLocked = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = nurse.Password });
        await stillLocked.AssertProblemAsync(HttpStatusCode.Locked);

        hub.Clock.Advance(TimeSpan.FromSeconds(1));
        using var unlocked = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = nurse.Password });
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
    }

    [Fact]
    public async Task ASuccessfulLoginResetsTheCountOfFailures()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        using var client = hub.Anonymous();
        for (var i = 0; i < 4; i++)
        {
            using var failure = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = "wrong-password" });
        }

        using var success = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = nurse.Password });
        Assert.Equal(HttpStatusCode.OK, success.StatusCode);

        for (var i = 0; i < 4; i++)
        {
            using var failure = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = "wrong-password" });
            await failure.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task ATokenStopsWorkingWhenItExpires()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());

        using var before = await nurse.Client.GetResponseAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        hub.Clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1));
        using var after = await nurse.Client.GetResponseAsync("/api/auth/me");

        await after.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
