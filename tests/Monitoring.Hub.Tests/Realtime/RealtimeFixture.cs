using System.Globalization;
using System.Net;
using Monitoring.Hub.Tests.Infrastructure;
using Monitoring.Hub.Tests.Ingestion;

namespace Monitoring.Hub.Tests.Realtime;

/// <summary>A device on a patient in home treatment, registered through the API (with its broker secret).</summary>
public sealed record MonitoredDevice(TestDevice Device)
{
    public string Id => Device.Id;

    public Guid PatientId => Device.PatientId;

    public Guid ClinicId => Device.ClinicId;
}

/// <summary>
/// The whole path with real services: a device publishes with <c>mosquitto_pub</c> on the real
/// broker, the in-process hub ingests and evaluates, dashboards listen through the SignalR .NET client
/// connections through the test server.
/// </summary>
public class RealtimeFixture : IngestionFixture
{
    /// <summary>A new patient of <paramref name="clinicId"/> in home treatment, wearing a new registered device.</summary>
    public async Task<MonitoredDevice> MonitoredDeviceAsync(Guid clinicId)
    {
        var seed = await SeedAsync();
        var patientId = await seed.PatientAsync(clinicId);
        var (id, secret) = await seed.RegisterDeviceAsync(clinicId);
        await seed.AssignAsync(id, patientId);
        using (var episode = await seed.Admin.PostJsonAsync($"/api/patients/{patientId}/episodes", new { }))
        {
            Assert.True(episode.StatusCode == HttpStatusCode.Created, $"starting home treatment answered {(int)episode.StatusCode}");
        }

        return new MonitoredDevice(new TestDevice(id, secret, patientId, clinicId));
    }

    public static string TokenOf(HttpClient client) => client.DefaultRequestHeaders.Authorization?.Parameter
        ?? throw new InvalidOperationException("the client is not logged in");

    public Task<SignalRTestClient> ConnectAsync(TestUser user) => SignalRTestClient.ConnectAsync(Factory, TokenOf(user.Client), user.Username);

    /// <summary>Publishes SenML telemetry as the device itself, with <c>mosquitto_pub</c> (an outside client, QoS 1).</summary>
    public Task PublishAsync(MonitoredDevice device, string senml) => MosquittoPubAsync(BrokerPort, device.Device, senml);

    public static async Task MosquittoPubAsync(int port, TestDevice device, string senml)
    {
        var result = await ExternalProcess.RunAsync("mosquitto_pub",
        [
            "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture),
            "-i", device.Id, "-u", device.Id, "-P", device.Secret, "-q", "1",
            "-t", $"rpm/v1/devices/{device.Id}/telemetry", "-m", senml,
        ], TimeSpan.FromSeconds(30), cancellationToken: TestContext.Current.CancellationToken);
        result.EnsureSuccess("mosquitto_pub");
    }

    /// <summary>
    /// SenML for readings taken from now on, oldest first: <paramref name="values"/> are (name, value),
    /// 10 ms apart, the first one now (the next millisecond). Never earlier: the device was assigned
    /// moments before, and a reading taken before its assignment is rejected as from an unassigned
    /// device; on a fast machine "moments" is a few milliseconds (the hub allows minutes of clock skew ahead).
    /// </summary>
    public static string Senml(string deviceId, params (string Name, double Value)[] values)
    {
        var bt = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1) / 1000.0;
        var records = values.Select((v, i) => i == 0
            ? $$"""{"bn":"urn:dev:id:{{deviceId}}:","bt":{{bt.ToString("R", CultureInfo.InvariantCulture)}},"n":"{{v.Name}}","v":{{v.Value.ToString(CultureInfo.InvariantCulture)}}}"""
            : $$"""{"n":"{{v.Name}}","t":{{(i * 0.01).ToString("R", CultureInfo.InvariantCulture)}},"v":{{v.Value.ToString(CultureInfo.InvariantCulture)}}}""");
        return "[" + string.Join(",", records) + "]";
    }
}
