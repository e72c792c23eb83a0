using System.Net;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Api;

/// <summary>Whatever goes wrong with a request, the answer is an RFC 7807 problem and never a 500.</summary>
public sealed class ApiErrorTests(HubFixture hub) : IClassFixture<HubFixture>
{
    [Fact]
    public async Task ABodyLargerThan64KibAnswers413()
    {
        var clinic = await hub.CreateClinicAsync();
        var admin = await hub.AdminAsync();
        var patients = await hub.CountAsync("SELECT count(*) FROM patients");

        using var response = await admin.PostRawAsync("/api/patients",
            PatientBodyWithPadding(clinic, 65 * 1024));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(patients, await hub.CountAsync("SELECT count(*) FROM patients"));
    }

    [Fact]
    public async Task ABodyThatIsNotJsonAnswers415()
    {
        using var response = await (await hub.AdminAsync()).PostRawAsync("/api/clinics", "name=x", "application/x-www-form-urlencoded");

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{")]
    [InlineData("{\"name\":\"x\"}{}")]
    [InlineData("\"text\"")]
    public async Task AMissingOrBrokenBodyAnswers400(string json)
    {
        using var response = await (await hub.AdminAsync()).PostRawAsync("/api/clinics", json);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AnUnknownPathAnswers404Problem()
    {
        using var response = await (await hub.AdminAsync()).GetResponseAsync("/api/nothing-here");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnUnsupportedMethodAnswers405Problem()
    {
        using var response = await (await hub.AdminAsync()).DeleteAsync(new Uri("/api/clinics", UriKind.Relative), TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task TheLoginEndpointAlsoAnswersProblemsForBrokenBodies()
    {
        using var client = hub.Anonymous();

        using var response = await client.PostRawAsync("/api/auth/login", "{\"username\":");

        await response.AssertValidationProblemAsync("body");
    }

    private static string PatientBodyWithPadding(Guid clinic, int bytes) =>
        PatientBodiesFor(clinic).Replace("\"name\":\"", "\"name\":\"" + new string('x', bytes), StringComparison.Ordinal);

    private static string PatientBodiesFor(Guid clinic) => System.Text.Json.JsonSerializer.Serialize(HubFixture.PatientBody(clinic));
}
