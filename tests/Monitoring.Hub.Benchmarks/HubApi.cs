using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monitoring.Hub.Benchmarks;

/// <summary>The hub's HTTP API as the bench uses it (docs/api.md).</summary>
public sealed class HubApi : IDisposable
{
    private readonly HttpClient _http;

    private HubApi(HttpClient http, string token)
    {
        _http = http;
        Token = token;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public string Token { get; }

    public Uri BaseAddress => _http.BaseAddress!;

    public static async Task<HubApi> LoginAsync(Uri hub, string username, string password)
    {
        var http = new HttpClient { BaseAddress = hub, Timeout = TimeSpan.FromSeconds(60) };
        var answer = await SendAsync(http, HttpMethod.Post, "/api/auth/login", new { username, password });
        return new HubApi(http, answer.GetProperty("token").GetString()!);
    }

    public async Task<Guid> CreateClinicAsync(string name) =>
        (await PostAsync("/api/clinics", new { name, timeZone = "Asia/Shanghai" })).GetProperty("id").GetGuid();

    public async Task CreateNurseAsync(Guid clinicId, string username, string password) =>
        await PostAsync("/api/users", new { username, password, role = "nurse", clinicId });

    /// <summary>A patient with one oximeter, assigned, home treatment started: the rows the seeder clones.</summary>
    public async Task<Guid> RegisterMonitoredPatientAsync(Guid clinicId, string name, string deviceId)
    {
        var patient = await PostAsync("/api/patients", new
        {
            clinicId,
            name,
            birthDate = "1970-06-01",
            sex = "male",
            underlyingDisease = "stable",
            vaccination = "full",
        });
        var patientId = patient.GetProperty("id").GetGuid();
        await PostAsync("/api/devices", new { id = deviceId, kind = "oximeter", clinicId });
        await PostAsync($"/api/devices/{deviceId}/assign", new { patientId });
        await PostAsync($"/api/patients/{patientId}/episodes", new { });
        return patientId;
    }

    public async Task ResolveAlarmAsync(Guid alarmId) => await PostAsync($"/api/alarms/{alarmId}/resolve", new { note = "benchmark probe" });

    public async Task<RuntimeStats> RuntimeAsync(bool collect = false)
    {
        using var response = await _http.GetAsync(new Uri($"/api/diagnostics/runtime?collect={(collect ? "true" : "false")}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RuntimeStats>(JsonSerializerOptions.Web))!;
    }

    public void Dispose() => _http.Dispose();

    private Task<JsonElement> PostAsync(string path, object body) => SendAsync(_http, HttpMethod.Post, path, body);

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        using var json = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return json.RootElement.Clone();
    }
}
