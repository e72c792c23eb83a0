using Monitoring.Hub.Broker;
using Monitoring.Hub.Health;
using Monitoring.Hub.Hosting;
using Monitoring.Hub.Influx;
using Monitoring.Hub.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddHubLogging();
builder.Services.AddDatabase();
builder.Services.AddInflux();
builder.Services.AddBroker();
builder.Services.AddHubHealthChecks();

var app = builder.Build();

app.MapHealthApi();

await app.RunHubAsync();

/// <summary>Entry point; public so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
