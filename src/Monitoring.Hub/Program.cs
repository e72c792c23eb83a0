using Monitoring.Hub.Alarms;
using Monitoring.Hub.Alarms.Api;
using Monitoring.Hub.Alarms.Operator;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Auth.Accounts;
using Monitoring.Hub.Broker;
using Monitoring.Hub.Dashboard;
using Monitoring.Hub.DataLoss;
using Monitoring.Hub.Database;
using Monitoring.Hub.Devices;
using Monitoring.Hub.Diagnostics;
using Monitoring.Hub.FollowUps;
using Monitoring.Hub.Health;
using Monitoring.Hub.Hosting;
using Monitoring.Hub.Influx;
using Monitoring.Hub.Ingestion;
using Monitoring.Hub.Observability;
using Monitoring.Hub.Realtime;
using Monitoring.Hub.Redis;
using Monitoring.Hub.Referrals;
using Monitoring.Hub.Reports;
using Monitoring.Hub.Registry;
using Monitoring.Hub.Scheduling;
using Monitoring.Hub.Storage;
using Monitoring.Hub.Teams;
using Monitoring.Hub.Thresholds;
using Monitoring.Hub.Vitals;

var builder = WebApplication.CreateBuilder(args);

builder.UseDefaultHubUrl();
builder.AddHubLogging();
builder.Services.AddDatabase();
builder.Services.AddDatabaseMigrations();
builder.Services.AddInflux();
builder.Services.AddBroker();
builder.Services.AddHubHealthChecks();
builder.Services.AddHubApi();
builder.Services.AddAuth();
builder.Services.AddTrustedProxies();
builder.Services.AddRegistry();
builder.Services.AddDevices();
builder.Services.AddIngestion();
builder.Services.AddThresholds();
builder.Services.AddAlarms();
builder.AddAlarmSilo();
builder.Services.AddFollowUps();
builder.Services.AddReferrals();
builder.Services.AddReports();
builder.Services.AddTeams();
builder.Services.AddScheduling();
builder.Services.AddRealtime();
builder.Services.AddRedis(builder.Configuration);
builder.Services.AddOperatorAlarms();
builder.Services.AddDataLoss();
builder.Services.AddVitals();
builder.Services.AddDashboard();
builder.Services.AddObservability();
builder.AddOtlpExport();

var app = builder.Build();

app.UseTrustedProxies();
app.UseHubRequestLogging();
app.UseHubApi();
app.MapHealthApi();
app.MapMetricsApi();
app.MapHubApi()
    .MapAuthApi()
    .MapUsersApi()
    .MapAccountsApi()
    .MapRegistryApi()
    .MapDevicesApi()
    .MapIngestionApi()
    .MapVitalsApi()
    .MapAlarmsApi()
    .MapFollowUpsApi()
    .MapReferralsApi()
    .MapReportsApi()
    .MapTeamsApi()
    .MapThresholdsApi()
    .MapDiagnosticsApi()
    .MapSchedulingApi();
app.MapSchedulingDashboard();
app.MapRealtime();
app.MapDashboard();

await app.RunHubAsync();

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
