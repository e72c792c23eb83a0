using System.Net;
using System.Net.Http.Headers;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Auth;

/// <summary>
/// Disable, enable, reset, change password, sessions and sign-out on a real hub and PostgreSQL:
/// what each does to existing tokens and live wall connections, who may do it, and the audit trail.
/// </summary>
public sealed class AccountsApiTests(HubFixture hub) : IClassFixture<HubFixture>
{
    [Fact]
    public async Task ADisabledUsersTokenIsRefusedWithTheReasonAndTheyCannotSignInUntilEnabled()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        var admin = await hub.AdminAsync();

        using var disable = await admin.PostJsonAsync($"/api/users/{nurse.Id}/disable", new { });
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.True((await disable.ReadJsonAsync()).GetProperty("disabled").GetBoolean());

        using var refused = await nurse.Client.GetResponseAsync("/api/patients");
        var problem = await refused.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("disabled", problem.GetProperty("reason").GetString());
        using var login = await hub.Anonymous().PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = nurse.Password });
        Assert.Equal("disabled", (await login.AssertProblemAsync(HttpStatusCode.Forbidden)).GetProperty("reason").GetString());

        using var enable = await admin.PostJsonAsync($"/api/users/{nurse.Id}/enable", new { });
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        using var again = await hub.LoginAsync(nurse.Username, nurse.Password);
        using var works = await again.GetResponseAsync("/api/patients");
        Assert.Equal(HttpStatusCode.OK, works.StatusCode);
        using var oldStillRefused = await nurse.Client.GetResponseAsync("/api/patients");
        await oldStillRefused.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DisablingAUserClosesTheirLiveWallConnectionAndSaysWhy()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        await using var wall = await SignalRTestClient.ConnectAsync(hub.Factory, TokenOf(nurse.Client), nurse.Username);
        await wall.WaitForAsync("snapshot");

        using var disable = await (await hub.AdminAsync()).PostJsonAsync($"/api/users/{nurse.Id}/disable", new { });
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);

        var ended = await wall.WaitForAsync("sessionEnded");
        Assert.Equal("disabled", ended.GetProperty("reason").GetString());
        await WaitUntilClosedAsync(wall);
        await Assert.ThrowsAnyAsync<Exception>(() => SignalRTestClient.ConnectAsync(hub.Factory, TokenOf(nurse.Client), nurse.Username));
    }

    [Fact]
    public async Task AResetPasswordEndsSessionsAndMustBeChangedAtTheNextSignIn()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        var admin = await hub.AdminAsync();

        using var reset = await admin.PostJsonAsync($"/api/users/{nurse.Id}/reset-password", new { });
        var body = await reset.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var temporary = body.GetProperty("temporaryPassword").GetString()!;
        Assert.True(body.GetProperty("user").GetProperty("mustChangePassword").GetBoolean());
        using var old = await nurse.Client.GetResponseAsync("/api/auth/me");
        Assert.Equal("password_reset", (await old.AssertProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("reason").GetString());
        using var oldPassword = await hub.Anonymous().PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = nurse.Password });
        await oldPassword.AssertProblemAsync(HttpStatusCode.Unauthorized);

        using var login = await hub.Anonymous().PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = temporary });
        var session = await login.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True(session.GetProperty("mustChangePassword").GetBoolean());
        using var restricted = Bearer(session.GetProperty("token").GetString()!);
        Assert.True((await restricted.GetJsonAsync("/api/auth/me")).GetProperty("mustChangePassword").GetBoolean());
        using var patients = await restricted.GetResponseAsync("/api/patients");
        await patients.AssertProblemAsync(HttpStatusCode.Forbidden);

        using var change = await restricted.PostJsonAsync("/api/auth/password", new { currentPassword = temporary, newPassword = "the-nurses-own-password" });
        var changed = await change.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.False(changed.GetProperty("mustChangePassword").GetBoolean());
        using var full = Bearer(changed.GetProperty("token").GetString()!);
        using var nowAllowed = await full.GetResponseAsync("/api/patients");
        Assert.Equal(HttpStatusCode.OK, nowAllowed.StatusCode);
        using var restrictedEnded = await restricted.GetResponseAsync("/api/auth/me");
        await restrictedEnded.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AChangedPasswordRevokesEveryOldTokenAndAnswersANewOne()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        using var otherWorkstation = await hub.LoginAsync(nurse.Username, nurse.Password);

        using var change = await nurse.Client.PostJsonAsync("/api/auth/password", new { currentPassword = nurse.Password, newPassword = "a-brand-new-password" });
        var body = await change.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        foreach (var old in new[] { nurse.Client, otherWorkstation })
        {
            using var refused = await old.GetResponseAsync("/api/auth/me");
            Assert.Equal("password_changed", (await refused.AssertProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("reason").GetString());
        }

        using var fresh = Bearer(body.GetProperty("token").GetString()!);
        Assert.Equal(nurse.Id, (await fresh.GetJsonAsync("/api/auth/me")).GetProperty("id").GetGuid());
        using var oldPassword = await hub.Anonymous().PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = nurse.Password });
        await oldPassword.AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var newPassword = await hub.Anonymous().PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = "a-brand-new-password" });
        Assert.Equal(HttpStatusCode.OK, newPassword.StatusCode);
    }

    [Fact]
    public async Task AWrongCurrentPasswordOrAShortNewOneIsAValidationProblemThatChangesNothing()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());

        using var wrong = await nurse.Client.PostJsonAsync("/api/auth/password", new { currentPassword = "not-my-password", newPassword = "a-brand-new-password" });
        await wrong.AssertValidationProblemAsync("currentPassword");
        using var shortOne = await nurse.Client.PostJsonAsync("/api/auth/password", new { currentPassword = nurse.Password, newPassword = "short" });
        await shortOne.AssertValidationProblemAsync("newPassword");
        using var missing = await nurse.Client.PostJsonAsync("/api/auth/password", new { currentPassword = nurse.Password });
        await missing.AssertValidationProblemAsync("newPassword");
        using var badReset = await (await hub.AdminAsync()).PostJsonAsync($"/api/users/{nurse.Id}/reset-password", new { temporaryPassword = "short" });
        await badReset.AssertValidationProblemAsync("temporaryPassword");

        using var stillWorks = await nurse.Client.GetResponseAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
        Assert.DoesNotContain(await hub.AuditAsync("user", nurse.Id.ToString()), a => a.Action is "user.password_changed" or "user.password_reset");
    }

    [Fact]
    public async Task SignOutEndsThisSessionOrEverySessionAndSessionsListsTheOpenOnes()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        using var second = await hub.LoginAsync(nurse.Username, nurse.Password);
        using var third = await hub.LoginAsync(nurse.Username, nurse.Password);

        var sessions = await second.GetJsonAsync("/api/auth/sessions");
        Assert.Equal(3, sessions.GetArrayLength());
        Assert.Single(sessions.EnumerateArray(), s => s.GetProperty("current").GetBoolean());

        using var logout = await second.PostJsonAsync("/api/auth/logout", new { });
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        using var loggedOut = await second.GetResponseAsync("/api/auth/me");
        Assert.Equal("signed_out", (await loggedOut.AssertProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("reason").GetString());
        Assert.Equal(2, (await third.GetJsonAsync("/api/auth/sessions")).GetArrayLength());

        using var everywhere = await third.PostJsonAsync("/api/auth/logout", new { all = true });
        Assert.Equal(HttpStatusCode.NoContent, everywhere.StatusCode);
        foreach (var client in new[] { nurse.Client, third })
        {
            using var refused = await client.GetResponseAsync("/api/auth/me");
            Assert.Equal("signed_out_everywhere", (await refused.AssertProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("reason").GetString());
        }
    }

    [Fact]
    public async Task EveryActIsAuditedWithWhoWhomWhenAndFromWhere()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var admin = await hub.AdminAsync();
        foreach (var act in new[] { "disable", "enable", "unlock" })
        {
            using var response = await admin.PostJsonAsync($"/api/users/{nurse.Id}/{act}", new { });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var reset = await admin.PostJsonAsync($"/api/users/{nurse.Id}/reset-password", new { temporaryPassword = "temporary-pass-1" });
        using var restricted = await hub.LoginAsync(nurse.Username, "temporary-pass-1");
        using var change = await restricted.PostJsonAsync("/api/auth/password", new { currentPassword = "temporary-pass-1", newPassword = "the-nurses-own-pass" });
        using var fresh = Bearer((await change.ReadJsonAsync()).GetProperty("token").GetString()!);
        using var logout = await fresh.PostJsonAsync("/api/auth/logout", new { all = true });

        var rows = await AuditWithSourceAsync(nurse.Id);
        Assert.Equal(
            ["user.created", "user.signed_in", "user.disabled", "user.enabled", "user.unlocked", "user.password_reset", "user.signed_in", "user.password_changed", "user.signed_out"],
            rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.Source), $"{r.Action} has no source"));
        Assert.All(rows, r => Assert.Equal(clinic, r.ClinicId));
        Assert.All(rows.Where(r => r.Action is "user.disabled" or "user.enabled" or "user.unlocked" or "user.password_reset" or "user.created"), r => Assert.Equal("admin", r.Actor));
        Assert.All(rows.Where(r => r.Action is "user.signed_in" or "user.password_changed" or "user.signed_out"), r => Assert.Equal(nurse.Username, r.Actor));
        Assert.DoesNotContain(rows, r => r.Json.Contains("temporary-pass-1", StringComparison.Ordinal) || r.Json.Contains("the-nurses-own-pass", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADoctorManagesOnlyTheirOwnClinicsNurses()
    {
        var clinic = await hub.CreateClinicAsync();
        var other = await hub.CreateClinicAsync();
        var doctor = await hub.CreateDoctorAsync(clinic);
        var nurse = await hub.CreateNurseAsync(clinic);
        var colleague = await hub.CreateDoctorAsync(clinic);
        var foreignNurse = await hub.CreateNurseAsync(other);

        using var disable = await doctor.Client.PostJsonAsync($"/api/users/{nurse.Id}/disable", new { });
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        using var enable = await doctor.Client.PostJsonAsync($"/api/users/{nurse.Id}/enable", new { });
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        using var nurseAgain = await hub.LoginAsync(nurse.Username, nurse.Password);

        foreach (var act in new[] { "disable", "enable", "unlock", "reset-password" })
        {
            using var foreign = await doctor.Client.PostJsonAsync($"/api/users/{foreignNurse.Id}/{act}", new { });
            await foreign.AssertProblemAsync(HttpStatusCode.NotFound);
            using var peer = await doctor.Client.PostJsonAsync($"/api/users/{colleague.Id}/{act}", new { });
            await peer.AssertProblemAsync(HttpStatusCode.Forbidden);
            using var byNurse = await nurseAgain.PostJsonAsync($"/api/users/{colleague.Id}/{act}", new { });
            await byNurse.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        var listed = await doctor.Client.GetJsonAsync("/api/users");
        Assert.All(listed.EnumerateArray(), u => Assert.Equal(clinic, u.GetProperty("clinicId").GetGuid()));
        Assert.Contains(listed.EnumerateArray(), u => u.GetProperty("id").GetGuid() == nurse.Id);
        using var foreignStillWorks = await foreignNurse.Client.GetResponseAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, foreignStillWorks.StatusCode);
        Assert.DoesNotContain(await hub.AuditAsync("user", foreignNurse.Id.ToString()), a => a.Action != "user.created" && a.Action != "user.signed_in");
    }

    [Fact]
    public async Task AnAdministratorCannotDisableThemselvesNorResetTheirOwnPassword()
    {
        var admin = await hub.AdminAsync();
        var me = (await admin.GetJsonAsync("/api/auth/me")).GetProperty("id").GetGuid();

        using var disable = await admin.PostJsonAsync($"/api/users/{me}/disable", new { });
        await disable.AssertProblemAsync(HttpStatusCode.Conflict);
        using var reset = await admin.PostJsonAsync($"/api/users/{me}/reset-password", new { });
        await reset.AssertProblemAsync(HttpStatusCode.Conflict);
        using var unknown = await admin.PostJsonAsync($"/api/users/{Guid.NewGuid()}/disable", new { });
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private HttpClient Bearer(string token)
    {
        var client = hub.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string TokenOf(HttpClient client) => client.DefaultRequestHeaders.Authorization!.Parameter!;

    private static async Task WaitUntilClosedAsync(SignalRTestClient client)
    {
        for (var started = System.Diagnostics.Stopwatch.StartNew(); client.ClosedWith is null; await Task.Delay(50, TestContext.Current.CancellationToken))
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"{client.Name}: the connection was not closed within 30 s");
        }
    }

    private async Task<IReadOnlyList<(string Action, string Actor, string? Source, Guid? ClinicId, string Json)>> AuditWithSourceAsync(Guid userId)
    {
        await using var command = hub.Database.DataSource.CreateCommand(
            "SELECT action, actor_username, source, clinic_id, coalesce(before::text, '') || coalesce(after::text, '') FROM audit_log WHERE entity = 'user' AND entity_id = @id ORDER BY id");
        command.Parameters.Add(new Npgsql.NpgsqlParameter("id", userId.ToString()));
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<(string, string, string?, Guid?, string)>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.GetString(4)));
        }

        return rows;
    }
}
