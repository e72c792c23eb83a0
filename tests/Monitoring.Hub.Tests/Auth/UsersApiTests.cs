using System.Net;
using System.Text.Json;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Auth;

public sealed class UsersApiTests(HubFixture hub) : IClassFixture<HubFixture>
{
    [Fact]
    public async Task AnAdministratorCreatesANurseOfAClinicAndTheChangeIsAudited()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var username = "nurse-" + HubFixture.Unique();

        using var response = await admin.PostJsonAsync("/api/users", new { username, password = "a-good-password", role = "nurse", clinicId = clinic });

        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/users/{id}", response.Headers.Location?.ToString());
        Assert.Equal(username, body.GetProperty("username").GetString());
        Assert.Equal("nurse", body.GetProperty("role").GetString());
        Assert.Equal(clinic, body.GetProperty("clinicId").GetGuid());
        Assert.False(body.TryGetProperty("password", out _));
        Assert.False(body.TryGetProperty("passwordHash", out _));

        var audit = Assert.Single(await hub.AuditAsync("user", id.ToString()));
        Assert.Equal("user.created", audit.Action);
        Assert.Equal(HubFactory.AdminUsername, audit.ActorUsername);
        Assert.Equal(clinic, audit.ClinicId);
        Assert.Null(audit.Before);
        Assert.Equal(username, audit.After!.Value.GetProperty("username").GetString());
        // Neither the password nor its hash: the only password-related field is the must-change flag.
        Assert.DoesNotContain("a-good-password", audit.After.Value.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(["mustChangePassword"], audit.After.Value.EnumerateObject().Select(p => p.Name).Where(n => n.Contains("password", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task TheNewUserCanLogInAndIsStoredWithAHashNotThePassword()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());

        Assert.Equal(1, await hub.CountAsync(
            "SELECT count(*) FROM users WHERE id = @id AND password_hash <> @password AND length(password_hash) > 40",
            ("id", nurse.Id), ("password", nurse.Password)));
        using var me = await nurse.Client.GetResponseAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task AnAdministratorCreatesAnotherAdministratorWithoutAClinic()
    {
        var admin = await hub.AdminAsync();

        using var response = await admin.PostJsonAsync("/api/users", new { username = "admin-" + HubFixture.Unique(), password = "a-good-password", role = "admin" });

        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("clinicId").ValueKind);
    }

    [Fact]
    public async Task ATakenUsernameAnswers409WhateverItsCaseAndChangesNothing()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        var admin = await hub.AdminAsync();
        var users = await hub.CountAsync("SELECT count(*) FROM users");
        var audit = await hub.CountAsync("SELECT count(*) FROM audit_log");

        using var response = await admin.PostJsonAsync("/api/users",
            new { username = nurse.Username.ToUpperInvariant(), password = "another-password", role = "admin" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(users, await hub.CountAsync("SELECT count(*) FROM users"));
        Assert.Equal(audit, await hub.CountAsync("SELECT count(*) FROM audit_log"));
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{"password":"a-good-password","role":"nurse","clinicId":"{clinic}"}""", "username" },
        { """{"username":"ab","password":"a-good-password","role":"nurse","clinicId":"{clinic}"}""", "username" },
        { """{"username":"bad name","password":"a-good-password","role":"nurse","clinicId":"{clinic}"}""", "username" },
        { """{"username":"x/../y","password":"a-good-password","role":"nurse","clinicId":"{clinic}"}""", "username" },
        { """{"username":"{user}","role":"nurse","clinicId":"{clinic}"}""", "password" },
        { """{"username":"{user}","password":"short","role":"nurse","clinicId":"{clinic}"}""", "password" },
        { """{"username":"{user}","password":"a-good-password","clinicId":"{clinic}"}""", "role" },
        { """{"username":"{user}","password":"a-good-password","role":"superuser","clinicId":"{clinic}"}""", "role" },
        { """{"username":"{user}","password":"a-good-password","role":"Nurse","clinicId":"{clinic}"}""", "role" },
        { """{"username":"{user}","password":"a-good-password","role":1,"clinicId":"{clinic}"}""", "role" },
        { """{"username":"{user}","password":"a-good-password","role":"nurse"}""", "clinicId" },
        { """{"username":"{user}","password":"a-good-password","role":"doctor","clinicId":"7b1c3f9e-0000-4000-8000-000000000000"}""", "clinicId" },
        { """{"username":"{user}","password":"a-good-password","role":"nurse","clinicId":"not-a-uuid"}""", "clinicId" },
        { """{"username":"{user}","password":"a-good-password","role":"admin","clinicId":"{clinic}"}""", "clinicId" },
        { """{"username":"{user}","password":"a-good-password","role":"nurse","clinicId":"{clinic}" """, "body" },
        { """ "just a string" """, "body" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task InvalidUserBodiesAnswer400NamingTheFieldAndCreateNobody(string template, string field)
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var users = await hub.CountAsync("SELECT count(*) FROM users");
        var json = template.Replace("{clinic}", clinic.ToString(), StringComparison.Ordinal)
            .Replace("{user}", "user-" + HubFixture.Unique(), StringComparison.Ordinal);

        using var response = await admin.PostRawAsync("/api/users", json);

        await response.AssertValidationProblemAsync(field);
        Assert.Equal(users, await hub.CountAsync("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task NursesAndDoctorsCannotCreateUsersAndNursesCannotListThem()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var doctor = await hub.CreateDoctorAsync(clinic);

        foreach (var user in new[] { nurse, doctor })
        {
            using var create = await user.Client.PostJsonAsync("/api/users",
                new { username = "sneaky-" + HubFixture.Unique(), password = "a-good-password", role = "admin" });
            await create.AssertProblemAsync(HttpStatusCode.Forbidden);

        }

        using var list = await nurse.Client.GetResponseAsync("/api/users");
        await list.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnAdministratorListsUsersOptionallyOfOneClinic()
    {
        var clinic = await hub.CreateClinicAsync();
        var other = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var doctor = await hub.CreateDoctorAsync(other);
        var admin = await hub.AdminAsync();

        var all = await admin.GetJsonAsync("/api/users");
        var ofClinic = await admin.GetJsonAsync($"/api/users?clinicId={clinic}");

        var allIds = all.EnumerateArray().Select(u => u.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(nurse.Id, allIds);
        Assert.Contains(doctor.Id, allIds);
        Assert.Equal([nurse.Id], ofClinic.EnumerateArray().Select(u => u.GetProperty("id").GetGuid()));
    }
}
