using System.Net;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Auth;

/// <summary>
/// Failed sign-ins slow down per account and address, per address, and per account from
/// unfamiliar addresses (429 + Retry-After), in fake time; the hard lock spares addresses the
/// account signed in from and ends with an unlock.
/// </summary>
public sealed class ThrottleTests(ThrottleFixture hub) : IClassFixture<ThrottleFixture>
{
    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string username, string password) =>
        client.PostJsonAsync("/api/auth/login", new { username, password });

    [Fact]
    public async Task ALoopOfWrongPasswordsFromOneAddressLeavesTheRightPasswordWorkingFromAnother()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        using var attacker = hub.From("198.51.100.7");
        using var wall = hub.From("10.1.0.20");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var attempt = await LoginAsync(attacker, nurse.Username, $"guess-{i}");
            answers.Add(attempt.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), answers.Take(5));
        Assert.All(answers.Skip(5), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));
        using var right = await LoginAsync(wall, nurse.Username, nurse.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        using var stillSlowed = await LoginAsync(attacker, nurse.Username, nurse.Password);
        await stillSlowed.AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task TheDelayDoublesWithEachFurtherFailureAndIsAnnouncedInRetryAfter()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        using var client = hub.From("198.51.100.8");
        for (var i = 0; i < 5; i++)
        {
            using var failure = await LoginAsync(client, nurse.Username, "wrong-password");
            await failure.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        var delays = new List<TimeSpan?>();
        for (var i = 0; i < 4; i++)
        {
            using var throttled = await LoginAsync(client, nurse.Username, "wrong-password");
            var problem = await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            delays.Add(throttled.Headers.RetryAfter?.Delta);
            Assert.Equal((int)throttled.Headers.RetryAfter!.Delta!.Value.TotalSeconds, problem.GetProperty("retryAfterSeconds").GetInt32());
            hub.Clock.Advance(throttled.Headers.RetryAfter!.Delta!.Value);
            using var failure = await LoginAsync(client, nurse.Username, "wrong-password");
            await failure.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], delays);

        hub.Clock.Advance(TimeSpan.FromSeconds(16));
        using var right = await LoginAsync(client, nurse.Username, nurse.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task OneAddressTryingManyAccountsIsSlowedForEveryAccount()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        using var sprayer = hub.From("198.51.100.9");
        for (var i = 0; i < 20; i++)
        {
            using var failure = await LoginAsync(sprayer, $"someone-{HubFixture.Unique()}", "a-common-password");
            await failure.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var throttled = await LoginAsync(sprayer, nurse.Username, nurse.Password);
        await throttled.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        using var elsewhere = await LoginAsync(hub.From("10.1.0.21"), nurse.Username, nurse.Password);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task FailuresSpreadOverManyAddressesSlowUnfamiliarAddressesButNotTheAccountsOwnWorkstation()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        using var workstation = hub.From("10.1.0.22");
        using (var first = await LoginAsync(workstation, nurse.Username, nurse.Password))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        for (var i = 0; i < 10; i++)
        {
            using var failure = await LoginAsync(hub.From($"203.0.113.{i + 1}"), nurse.Username, "wrong-password");
            await failure.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        using var unfamiliar = await LoginAsync(hub.From("203.0.113.200"), nurse.Username, nurse.Password);
        await unfamiliar.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        using var familiar = await LoginAsync(workstation, nurse.Username, nurse.Password);
        Assert.Equal(HttpStatusCode.OK, familiar.StatusCode);
    }

    [Fact]
    public async Task TheHardLockSparesFamiliarAddressesAndAnAdministratorUnlocksIt()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        using var workstation = hub.From("10.1.0.23");
        using (var first = await LoginAsync(workstation, nurse.Username, nurse.Password))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // A guess spread over addresses, each waiting out the account's delay: the account reaches the hard lock.
        for (var i = 0; i < ThrottleFixture.HardLockAfter; i++)
        {
            using var failure = await LoginAsync(hub.From($"192.0.2.{i + 1}"), nurse.Username, "wrong-password");
            await failure.AssertProblemAsync(HttpStatusCode.Unauthorized);
            hub.Clock.Advance(TimeSpan.FromMinutes(15));
        }

        using var locked = await LoginAsync(hub.From("192.0.2.250"), nurse.Username, nurse.Password);
        await locked.AssertProblemAsync(HttpStatusCode.Locked);
        using var familiar = await LoginAsync(workstation, nurse.Username, nurse.Password);
        Assert.Equal(HttpStatusCode.OK, familiar.StatusCode);
        var listed = (await (await hub.AdminAsync()).GetJsonAsync($"/api/users")).EnumerateArray().Single(u => u.GetProperty("id").GetGuid() == nurse.Id);
        Assert.True(listed.GetProperty("locked").GetBoolean());

        var admin = await hub.AdminAsync();
        using var unlock = await admin.PostJsonAsync($"/api/users/{nurse.Id}/unlock", new { });
        Assert.Equal(HttpStatusCode.OK, unlock.StatusCode);
        Assert.False((await unlock.ReadJsonAsync()).GetProperty("locked").GetBoolean());
        using var afterUnlock = await LoginAsync(hub.From("192.0.2.250"), nurse.Username, nurse.Password);
        Assert.Equal(HttpStatusCode.OK, afterUnlock.StatusCode);

        var audit = await hub.AuditAsync("user", nurse.Id.ToString());
        var lockedOut = Assert.Single(audit, a => a.Action == "user.locked_out");
        Assert.Equal("system", lockedOut.ActorUsername);
        Assert.Equal($"192.0.2.{ThrottleFixture.HardLockAfter}", await SourceOfAsync(nurse.Id, "user.locked_out"));
        var unlocked = Assert.Single(audit, a => a.Action == "user.unlocked");
        Assert.Equal("admin", unlocked.ActorUsername);
    }

    [Fact]
    public async Task ANewDayStartsTheCountAgain()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        using var client = hub.From("198.51.100.10");
        for (var i = 0; i < 6; i++)
        {
            using var failure = await LoginAsync(client, nurse.Username, "wrong-password");
        }

        hub.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        for (var i = 0; i < 5; i++)
        {
            using var failure = await LoginAsync(client, nurse.Username, "wrong-password");
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

    private async Task<string?> SourceOfAsync(Guid userId, string action)
    {
        await using var command = hub.Database.DataSource.CreateCommand("SELECT source FROM audit_log WHERE entity = 'user' AND entity_id = @id AND action = @action");
        command.Parameters.Add(new Npgsql.NpgsqlParameter("id", userId.ToString()));
        command.Parameters.Add(new Npgsql.NpgsqlParameter("action", action));
        return (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }
}
