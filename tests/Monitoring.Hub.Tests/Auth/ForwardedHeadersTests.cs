using System.Net;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Auth;

/// <summary>X-Forwarded-For counts only from a configured proxy (ForwardedHeaders); otherwise the peer is the source.</summary>
public sealed class ForwardedHeadersTests(UntrustedProxyFixture hub) : IClassFixture<UntrustedProxyFixture>
{
    [Fact]
    public async Task WithoutAConfiguredProxyXForwardedForIsIgnoredSoAGuesserCannotPickAFreshAddressPerGuess()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var client = hub.Anonymous();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
            using var response = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = "wrong-password" });
            answers.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task TheAuditRecordsThePeerNotAnUntrustedHeader()
    {
        var nurse = await hub.CreateNurseAsync(await hub.CreateClinicAsync());
        using var client = hub.Anonymous();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.99");

        using var response = await client.PostJsonAsync("/api/auth/login", new { username = nurse.Username, password = nurse.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var command = hub.Database.DataSource.CreateCommand(
            "SELECT source FROM audit_log WHERE entity = 'user' AND entity_id = @id AND action = 'user.signed_in' ORDER BY id DESC LIMIT 1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter("id", nurse.Id.ToString()));
        Assert.Equal("127.0.0.1", (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
