using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// One hub on its own fresh database for a test class (<c>IClassFixture&lt;HubFixture&gt;</c>), with
/// helpers that keep tests short: log in, create a clinic, a user, a patient, count rows.
/// Tests of a class share the hub, so each creates its own clinics and users (random names).
/// </summary>
public class HubFixture : IAsyncLifetime
{
    private HttpClient? _admin;

    public TestDatabase Database { get; private set; } = null!;

    public HubFactory Factory { get; private set; } = null!;

    /// <summary>False for fixtures whose clock jumps ahead: a cached administrator token would expire.</summary>
    protected virtual bool CacheAdminLogin => true;

    /// <summary>Extra settings for the hub, e.g. a dead broker port.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>(Settings) { ["Database:ConnectionString"] = Database.ConnectionString };
        Factory = new HubFactory(settings, ConfigureServices);
        _ = Factory.Server;
    }

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public HttpClient Anonymous() => Factory.CreateClient();

    public async Task<HttpClient> AdminAsync() =>
        CacheAdminLogin
            ? _admin ??= await LoginAsync(HubFactory.AdminUsername, HubFactory.AdminPassword)
            : await LoginAsync(HubFactory.AdminUsername, HubFactory.AdminPassword);

    public async Task<HttpClient> LoginAsync(string username, string password)
    {
        using var anonymous = Anonymous();
        using var response = await anonymous.PostJsonAsync("/api/auth/login", new { username, password });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"login of {username} answered {(int)response.StatusCode}: {body}");
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("token").GetString());
        return client;
    }

    public async Task<Guid> CreateClinicAsync(string? name = null, string timeZone = "Asia/Shanghai")
    {
        var admin = await AdminAsync();
        using var response = await admin.PostJsonAsync("/api/clinics", new { name = name ?? $"Clinic {Unique()}", timeZone });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a clinic answered {(int)response.StatusCode}: {body}");
        return body.GetProperty("id").GetGuid();
    }

    /// <summary>Creates a user through the API as the administrator and logs in as them.</summary>
    public async Task<TestUser> CreateUserAsync(string role, Guid? clinicId)
    {
        var admin = await AdminAsync();
        var username = $"{role}-{Unique()}";
        var password = $"pw-{Unique()}-{Unique()}";
        using var response = await admin.PostJsonAsync("/api/users", new { username, password, role, clinicId });
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a {role} answered {(int)response.StatusCode}: {body}");
        return new TestUser(body.GetProperty("id").GetGuid(), username, password, await LoginAsync(username, password));
    }

    public Task<TestUser> CreateNurseAsync(Guid clinicId) => CreateUserAsync("nurse", clinicId);

    public Task<TestUser> CreateDoctorAsync(Guid clinicId) => CreateUserAsync("doctor", clinicId);

    /// <summary>
    /// A valid patient body for <paramref name="clinicId"/> (50 years old at the clinic's today,
    /// no underlying disease, fully vaccinated: row G1), with <paramref name="changes"/> applied.
    /// </summary>
    public static Dictionary<string, object?> PatientBody(Guid clinicId, IReadOnlyDictionary<string, object?>? changes = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["clinicId"] = clinicId,
            ["name"] = $"Patient {Unique()}",
            ["birthDate"] = BirthDateForAge(50),
            ["sex"] = "female",
            ["underlyingDisease"] = "none",
            ["vaccination"] = "full",
        };
        foreach (var (key, value) in changes ?? new Dictionary<string, object?>())
        {
            body[key] = value;
        }

        return body;
    }

    public static async Task<JsonElement> CreatePatientAsync(HttpClient client, Guid clinicId, IReadOnlyDictionary<string, object?>? changes = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.PostJsonAsync("/api/patients", PatientBody(clinicId, changes));
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a patient answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>A birth date that gives <paramref name="years"/> whole years today in Asia/Shanghai (six months before that birthday).</summary>
    public static string BirthDateForAge(int years)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        return today.AddYears(-years).AddMonths(-6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Database.DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value));
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Audit rows of one entity, oldest first: (action, actor_username, before, after).</summary>
    public async Task<IReadOnlyList<AuditRow>> AuditAsync(string entity, string entityId)
    {
        await using var command = Database.DataSource.CreateCommand(
            "SELECT action, actor_username, actor_user_id, clinic_id, before::text, after::text FROM audit_log WHERE entity = @entity AND entity_id = @id ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter("entity", entity));
        command.Parameters.Add(new NpgsqlParameter("id", entityId));
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<AuditRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new AuditRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : JsonDocument.Parse(reader.GetString(4)).RootElement.Clone(),
                reader.IsDBNull(5) ? null : JsonDocument.Parse(reader.GetString(5)).RootElement.Clone()));
        }

        return rows;
    }

    public static string Unique() => Guid.NewGuid().ToString("N")[..8];
}
