using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Hub.Auth.Sessions;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Auth;

/// <summary>
/// What checking a token's session costs per request: the in-memory answer every request gets
/// (<see cref="SessionRevocations"/>), against a PostgreSQL look-up per request (the design not
/// taken), and a whole authenticated request for scale. Prints numbers; asserts nothing about
/// them. Explicit: <c>dotnet test tests/Monitoring.Hub.Tests -c Release --no-build --filter
/// FullyQualifiedName~SessionCheckCostMeasurement --logger "console;verbosity=detailed" -- xUnit.Explicit=only</c>
/// </summary>
public sealed class SessionCheckCostMeasurement(ITestOutputHelper output)
{
    [Fact(Explicit = true)]
    public async Task MeasureTheSessionCheck()
    {
        await using var fixture = new HubFixture();
        await fixture.InitializeAsync();
        var nurse = await fixture.CreateNurseAsync(await fixture.CreateClinicAsync());
        var sessionId = Guid.Parse((await nurse.Client.GetJsonAsync("/api/auth/sessions")).EnumerateArray().Single().GetProperty("id").GetString()!);
        var revocations = fixture.Factory.Services.GetRequiredService<SessionRevocations>();
        var store = fixture.Factory.Services.GetRequiredService<SessionStore>();
        var ct = TestContext.Current.CancellationToken;

        const int cached = 1_000_000;
        for (var i = 0; i < 10_000; i++)
        {
            await revocations.EndReasonAsync(sessionId, ct);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < cached; i++)
        {
            await revocations.EndReasonAsync(sessionId, ct);
        }

        var cacheNs = watch.Elapsed.TotalNanoseconds / cached;

        const int lookups = 2_000;
        await store.FindAsync(sessionId, ct);
        watch.Restart();
        for (var i = 0; i < lookups; i++)
        {
            await store.FindAsync(sessionId, ct);
        }

        var databaseUs = watch.Elapsed.TotalMicroseconds / lookups;

        const int requests = 2_000;
        using (var warm = await nurse.Client.GetResponseAsync("/api/auth/me"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        watch.Restart();
        for (var i = 0; i < requests; i++)
        {
            using var response = await nurse.Client.GetResponseAsync("/api/auth/me");
        }

        var requestUs = watch.Elapsed.TotalMicroseconds / requests;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"session check from memory: {cacheNs:0} ns per request ({cached:N0} checks); "
            + $"PostgreSQL look-up instead: {databaseUs:0} µs per request ({lookups:N0} look-ups); "
            + $"a whole authenticated GET /api/auth/me in-process: {requestUs:0} µs ({requests:N0} requests)"));
    }
}
