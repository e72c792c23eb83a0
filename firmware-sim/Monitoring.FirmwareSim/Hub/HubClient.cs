using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Monitoring.FirmwareSim.Hub;

/// <summary>
/// The parts of the hub's HTTP API the simulator needs (contract, HTTP API; docs/api.md): login,
/// clinics, patients, devices, assignment, episodes. Errors become <see cref="HubApiException"/>
/// with the problem body, so a refused registration says which field was wrong.
/// </summary>
public sealed class HubClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;

    public HubClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(http.BaseAddress);
        _http = http;
    }

    public async Task LoginAsync(string username, string password, CancellationToken cancellationToken)
    {
        var answer = await SendAsync<LoginAnswer>(HttpMethod.Post, "api/auth/login", new { username, password }, cancellationToken);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", answer.Token);
    }

    public Task<List<HubClinic>> ListClinicsAsync(CancellationToken cancellationToken) =>
        SendAsync<List<HubClinic>>(HttpMethod.Get, "api/clinics", null, cancellationToken);

    public Task<HubClinic> CreateClinicAsync(string name, string timeZone, CancellationToken cancellationToken) =>
        SendAsync<HubClinic>(HttpMethod.Post, "api/clinics", new { name, timeZone }, cancellationToken);

    public Task<HubPatient> CreatePatientAsync(NewPatient patient, CancellationToken cancellationToken) =>
        SendAsync<HubPatient>(HttpMethod.Post, "api/patients", patient, cancellationToken);

    public Task<HubDeviceRegistration> RegisterDeviceAsync(string id, string kind, Guid clinicId, CancellationToken cancellationToken) =>
        SendAsync<HubDeviceRegistration>(HttpMethod.Post, "api/devices", new { id, kind, clinicId }, cancellationToken);

    public Task AssignDeviceAsync(string deviceId, Guid patientId, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Post, $"api/devices/{Uri.EscapeDataString(deviceId)}/assign", new { patientId }, cancellationToken);

    public Task StartEpisodeAsync(Guid patientId, DateTimeOffset? startedAt, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Post, $"api/patients/{patientId}/episodes", new { startedAt }, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new HubApiException($"{method} {path}: the hub at {_http.BaseAddress} does not answer ({ex.Message}).", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var problem = await response.Content.ReadAsStringAsync(cancellationToken);
                throw new HubApiException(response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(problem)}");
            }

            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return default!;
            }

            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new HubApiException(response.StatusCode, $"{method} {path}: empty answer.");
        }
    }

    private static string Shorten(string text) => text.Length > 600 ? text[..600] + "…" : text;

    private sealed record LoginAnswer(string Token, DateTimeOffset ExpiresAt);
}
