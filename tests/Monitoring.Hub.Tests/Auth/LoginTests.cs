using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Auth;

public sealed class LoginTests(HubFixture hub) : IClassFixture<HubFixture>
{
    [Fact]
    public async Task LoginReturnsABearerTokenValidForTwelveHours()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        using var client = hub.Anonymous();

        using var response = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = nurse.Password });

        var body = await response.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("token").GetString()));
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(11.9), TimeSpan.FromHours(12));
    }

    [Fact]
    public async Task UsernamesAreComparedWithoutRegardToCase()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        using var client = hub.Anonymous();

        using var response = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username.ToUpperInvariant(), password = nurse.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task WrongPasswordAnswers401ProblemWithoutSayingWhichPartWasWrong()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        using var client = hub.Anonymous();

        using var wrongPassword = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = "not-the-password" });
        using var unknownUser = await client.PostJsonAsync("/api/auth/login", new { username = "nobody-" + HubFixture.Unique(), password = "not-the-password" });

        var first = await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var second = await unknownUser.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(first.GetProperty("detail").GetString(), second.GetProperty("detail").GetString());
        Assert.False(first.TryGetProperty("token", out _));
    }

    [Theory]
    [InlineData("""{"password":"x-password"}""", "username")]
    [InlineData("""{"username":"admin"}""", "password")]
    [InlineData("""{"username":"","password":""}""", "username")]
    [InlineData("""{"username":"admin","password":5}""", "password")]
    [InlineData("""{"username":"admin","password":"x",}""", "body")]
    [InlineData("""[]""", "body")]
    public async Task MalformedLoginBodiesAnswer400NamingTheField(string json, string field)
    {
        using var client = hub.Anonymous();

        using var response = await client.PostRawAsync("/api/auth/login", json);

        await response.AssertValidationProblemAsync(field);
    }

    [Fact]
    public async Task MeTellsWhoTheTokenBelongsTo()
    {
        var clinic = await hub.CreateClinicAsync();
        var doctor = await hub.CreateDoctorAsync(clinic);

        var me = await doctor.Client.GetJsonAsync("/api/auth/me");

        Assert.Equal(doctor.Id, me.GetProperty("id").GetGuid());
        Assert.Equal(doctor.Username, me.GetProperty("username").GetString());
        Assert.Equal("doctor", me.GetProperty("role").GetString());
        Assert.Equal(clinic, me.GetProperty("clinicId").GetGuid());
    }

    [Fact]
    public async Task AnAdministratorHasNoClinic()
    {
        var admin = await hub.AdminAsync();

        var me = await admin.GetJsonAsync("/api/auth/me");

        Assert.Equal("admin", me.GetProperty("role").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, me.GetProperty("clinicId").ValueKind);
    }

    [Theory]
    [InlineData("/api/auth/me")]
    [InlineData("/api/patients")]
    [InlineData("/api/clinics")]
    [InlineData("/api/devices")]
    [InlineData("/api/users")]
    public async Task RequestsWithoutATokenAnswer401Problem(string path)
    {
        using var client = hub.Anonymous();

        using var response = await client.GetResponseAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task AGarbageTokenAnswers401()
    {
        using var client = hub.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");

        using var response = await client.GetResponseAsync("/api/auth/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyAnswers401()
    {
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "monitoring-hub",
            Audience = "monitoring-hub",
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString(), ["name"] = "mallory", ["role"] = "admin" },
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes("a-different-signing-key-of-enough-length-0123456789")), SecurityAlgorithms.HmacSha256),
        });
        using var client = hub.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        using var response = await client.GetResponseAsync("/api/users");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ASuccessfulLoginIsAuditedAndRecordsTheLastLogin()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);

        var users = await (await hub.AdminAsync()).GetJsonAsync($"/api/users?clinicId={clinic}");

        var listed = Assert.Single(users.EnumerateArray(), u => u.GetProperty("id").GetGuid() == nurse.Id);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, listed.GetProperty("lastLoginAt").ValueKind);
        Assert.Equal(["user.created", "user.signed_in"], (await hub.AuditAsync("user", nurse.Id.ToString())).Select(a => a.Action));
    }
}
