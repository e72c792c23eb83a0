using System.Net.Http.Json;
using Serilog.Events;

namespace Monitoring.Hub.Tests.Hosting;

/// <summary>One structured event per request, carrying the device, patient and alarm ids its route names.</summary>
public sealed class RequestLoggingTests(RequestLoggingFixture hub) : IClassFixture<RequestLoggingFixture>
{
    [Fact]
    public async Task APatientRequestIsLoggedWithThePatientIdAndNoQueryString()
    {
        var admin = await hub.AdminAsync();
        var patientId = Guid.NewGuid();

        await admin.GetAsync($"/api/patients/{patientId}/vitals?metric=spo2", TestContext.Current.CancellationToken);

        var logged = await RequestEventAsync($"/api/patients/{patientId}/vitals");
        Assert.Equal(patientId.ToString(), Scalar(logged, "PatientId"));
        Assert.Equal("GET", Scalar(logged, "RequestMethod"));
        Assert.DoesNotContain("metric=", logged.RenderMessage(), StringComparison.Ordinal);
        Assert.False(logged.Properties.ContainsKey("DeviceId"));
    }

    [Fact]
    public async Task AnAlarmCommandIsLoggedWithTheAlarmId()
    {
        var admin = await hub.AdminAsync();
        var alarmId = Guid.NewGuid();

        await admin.PostAsJsonAsync($"/api/alarms/{alarmId}/acknowledge", new { }, TestContext.Current.CancellationToken);

        var logged = await RequestEventAsync($"/api/alarms/{alarmId}/acknowledge");
        Assert.Equal(alarmId.ToString(), Scalar(logged, "AlarmId"));
        Assert.False(logged.Properties.ContainsKey("PatientId"));
    }

    [Fact]
    public async Task ADeviceRequestIsLoggedWithTheDeviceIdAndItsStatus()
    {
        var admin = await hub.AdminAsync();
        var deviceId = $"ox-log-{Guid.NewGuid():N}"[..16];

        var response = await admin.PostAsJsonAsync($"/api/devices/{deviceId}/unassign", new { }, TestContext.Current.CancellationToken);

        var logged = await RequestEventAsync($"/api/devices/{deviceId}/unassign");
        Assert.Equal(deviceId, Scalar(logged, "DeviceId"));
        Assert.Equal((int)response.StatusCode, Assert.IsType<int>(Scalar(logged, "StatusCode")));
    }

    private static object? Scalar(LogEvent logged, string property) =>
        Assert.IsType<ScalarValue>(logged.Properties[property]).Value;

    /// <summary>The request event is written as the response completes, which may be just after the client has it.</summary>
    private async Task<LogEvent> RequestEventAsync(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var found = hub.Logs.Events.FirstOrDefault(e =>
                e.Properties.TryGetValue("RequestPath", out var logged) && logged is ScalarValue { Value: string p } && p == path);
            if (found is not null)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no request event for {path}; logged: {string.Join("; ", hub.Logs.Events.Where(e => e.Properties.ContainsKey("RequestPath")).Select(e => e.RenderMessage()).TakeLast(10))}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
