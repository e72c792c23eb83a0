using System.Globalization;
using System.Net;
using System.Text.Json;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Domain.Alarms;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Tests.FollowUps;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Referrals;

/// <summary>
/// The FHIR hand-off of a referral against real PostgreSQL and InfluxDB: the bundle validates against the
/// R4 base structure definitions (Firely validator, R4 specification.zip) and its vital-sign observations
/// are exactly the readings InfluxDB holds for the patient in the last 72 h.
/// </summary>
public sealed class HandoffTests(InfluxReadingsFixture hub) : IClassFixture<InfluxReadingsFixture>
{
    private static readonly Lazy<Validator> FhirValidator = new(() =>
    {
        var source = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(source, new LocalTerminologyService(source));
    });

    private static readonly Dictionary<string, string> LoincOf = new(StringComparer.Ordinal)
    {
        ["spo2"] = "59408-5",
        ["pr"] = "8867-4",
        ["temp"] = "8310-5",
        ["rr"] = "9279-1",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Millis(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task TheHandoffIsAValidR4DocumentWhoseVitalsAreWhatInfluxDbHolds()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var patient = (await HubFixture.CreatePatientAsync(nurse.Client, clinic)).GetProperty("id").GetGuid();
        var other = (await HubFixture.CreatePatientAsync(nurse.Client, clinic)).GetProperty("id").GetGuid();
        using (var test = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/tests",
                   new { kind = "pcr", takenAt = DateTimeOffset.UtcNow.AddDays(-2), result = "positive", ct = 28.5 }))
        {
            Assert.Equal(HttpStatusCode.Created, test.StatusCode);
        }

        using (var episode = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/episodes", new { }))
        {
            Assert.Equal(HttpStatusCode.Created, episode.StatusCode);
        }

        await hub.Factory.Services.GetRequiredService<AlarmEngineStartup>().Ready.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await hub.Factory.Services.GetRequiredService<IReminderAlarms>().RaiseAsync(patient, AlarmKind.Spo2Low, "SpO2 91 %", DateTimeOffset.UtcNow, Ct);
        var alarm = (await (await hub.AdminAsync()).GetJsonAsync($"/api/alarms?patientId={patient}")).EnumerateArray().Single().GetProperty("id").GetGuid();

        // Readings inside the window, one just outside it, and another patient's: only the first are handed off.
        var now = DateTimeOffset.UtcNow;
        var lines = new List<string>
        {
            $"vitals,clinic={clinic},patient={patient},device=ox-h1 spo2=90.5,pr=112 {Millis(now.AddHours(-73))}",
            $"vitals,clinic={clinic},patient={other},device=ox-h2 spo2=99,pr=70 {Millis(now.AddHours(-1))}",
        };
        for (var i = 0; i < 6; i++)
        {
            var at = now.AddHours(-60 + (i * 10));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"vitals,clinic={clinic},patient={patient},device=ox-h1 spo2={94.5 - (i * 0.5)},pr={88 + i} {Millis(at)}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"vitals,clinic={clinic},patient={patient},device=th-h1 temp={37.2 + (i * 0.3)},rr={18 + i} {Millis(at.AddMinutes(3))}"));
        }

        await hub.Influx.WriteAsync(string.Join('\n', lines));

        using var create = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/referrals",
            new { reason = "SpO2 below 93 %", alarmId = alarm, destinationLevel = "designated", destination = "市第一人民医院", transport = "ambulance_120" });
        var referral = (await create.ReadJsonAsync()).GetProperty("id").GetGuid();

        using var response = await nurse.Client.GetResponseAsync($"/api/referrals/{referral}/handoff");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadAsStringAsync(Ct);
        var bundle = new FhirJsonDeserializer().Deserialize<Bundle>(json);

        var outcome = FhirValidator.Value.Validate(bundle);
        Assert.True(outcome.Success, string.Join("\n", outcome.Issue.Select(i => $"{i.Severity} {string.Join(",", i.Expression)}: {i.Details?.Text}")));

        Assert.Equal(Bundle.BundleType.Document, bundle.Type);
        var composition = Assert.IsType<Composition>(bundle.Entry[0].Resource);
        Assert.Equal("57133-1", composition.Type.Coding.Single().Code);
        var resources = bundle.Entry.Select(e => e.Resource).ToList();
        Assert.Equal($"urn:uuid:{patient}", Assert.Single(resources.OfType<Patient>()).Identifier.Single().Value);
        var request = Assert.Single(resources.OfType<ServiceRequest>());
        Assert.Equal((RequestStatus.Active, $"urn:uuid:{referral}"), (request.Status, request.Identifier.Single().Value));
        Assert.Equal($"urn:uuid:{alarm}", Assert.Single(resources.OfType<DetectedIssue>()).Identifier.Single().Value);
        var tier = Assert.Single(resources.OfType<Observation>(), o => o.Category.Any(c => c.Coding.Any(x => x.Code == "survey")));
        Assert.Equal("low", Assert.IsType<CodeableConcept>(tier.Value).Coding.Single().Code);
        var lab = Assert.Single(resources.OfType<Observation>(), o => o.Category.Any(c => c.Coding.Any(x => x.Code == "laboratory")));
        Assert.Equal(("94500-6", "10828004"), (lab.Code.Coding.Single().Code, Assert.IsType<CodeableConcept>(lab.Value).Coding.Single().Code));

        var vitals = resources.OfType<Observation>().Where(o => o.Category.Any(c => c.Coding.Any(x => x.Code == "vital-signs"))).ToList();
        foreach (var (metric, loinc) in LoincOf)
        {
            var expected = await InfluxReadingsAsync(patient, metric, now.AddHours(-72));
            var handed = vitals.Where(o => o.Code.Coding.Single().Code == loinc)
                .Select(o => (At: Assert.IsType<FhirDateTime>(o.Effective).ToDateTimeOffset(TimeSpan.Zero), Value: Assert.IsType<Quantity>(o.Value).Value!.Value))
                .OrderBy(r => r.At)
                .ToList();
            Assert.Equal(6, expected.Count);
            Assert.Equal(expected, handed);
        }
    }

    [Fact]
    public async Task AnotherClinicCannotExportTheHandoffAndTheExportIsAudited()
    {
        var clinic = await hub.CreateClinicAsync();
        var nurse = await hub.CreateNurseAsync(clinic);
        var patient = (await HubFixture.CreatePatientAsync(nurse.Client, clinic)).GetProperty("id").GetGuid();
        using var create = await nurse.Client.PostJsonAsync($"/api/patients/{patient}/referrals",
            new { reason = "dyspnoea", destinationLevel = "designated", destination = "市第一人民医院", transport = "self" });
        var referral = (await create.ReadJsonAsync()).GetProperty("id").GetGuid();
        var stranger = await hub.CreateDoctorAsync(await hub.CreateClinicAsync());

        using (var foreign = await stranger.Client.GetResponseAsync($"/api/referrals/{referral}/handoff"))
        {
            await foreign.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using (var own = await nurse.Client.GetResponseAsync($"/api/referrals/{referral}/handoff"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        var audit = await hub.AuditAsync("referral", referral.ToString());
        Assert.Equal(["referral.requested", "referral.handoff_exported"], audit.Select(a => a.Action));
        Assert.Equal(nurse.Username, audit[^1].ActorUsername);
    }

    /// <summary>The patient's readings of <paramref name="metric"/> since <paramref name="from"/>, read from InfluxDB by the test itself.</summary>
    private async Task<List<(DateTimeOffset At, decimal Value)>> InfluxReadingsAsync(Guid patient, string metric, DateTimeOffset from)
    {
        var rows = await hub.Influx.RowsAsync(
            $"SELECT \"{metric}\" FROM \"rpm_raw\".\"vitals\" WHERE \"patient\" = '{patient}' AND time >= '{InfluxTestDatabase.Time(from)}' AND \"{metric}\" > -1000");
        return [.. rows.Select(r => (DateTimeOffset.Parse(r[0].GetString()!, CultureInfo.InvariantCulture), (decimal)r[1].GetDouble())).OrderBy(r => r.Item1)];
    }
}
