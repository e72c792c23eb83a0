using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Monitoring.Hub.Benchmarks;

/// <summary>
/// A dashboard's connection to <c>/hubs/alarms</c> through the SignalR .NET client (WebSockets, the
/// token as the access_token query parameter). Each <c>alarmRaised</c> (camelCase on the wire, as the
/// hub's protocol writes it) is reported with the timestamp it was handed to us; vitals and snapshots
/// have no handler, so the client skips their arguments.
/// </summary>
public sealed class SignalRListener : IAsyncDisposable
{
    private readonly HubConnection _connection;

    private SignalRListener(HubConnection connection, Action<Guid, Guid, string, long> alarmRaised)
    {
        _connection = connection;
        connection.On<JsonElement>("alarmRaised", alarm =>
        {
            var arrived = Stopwatch.GetTimestamp();
            alarmRaised(alarm.GetProperty("id").GetGuid(), alarm.GetProperty("patientId").GetGuid(), alarm.GetProperty("kind").GetString() ?? "", arrived);
        });
        connection.Closed += error =>
        {
            ClosedWith = error is null ? "closed" : $"closed by the hub: {error.Message}";
            return Task.CompletedTask;
        };
    }

    public string? ClosedWith { get; private set; }

    /// <summary>Connects; <paramref name="alarmRaised"/> gets (alarm id, patient id, kind, Stopwatch timestamp of arrival).</summary>
    public static async Task<SignalRListener> ConnectAsync(Uri hub, string token, Action<Guid, Guid, string, long> alarmRaised)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(hub, $"/hubs/alarms?access_token={Uri.EscapeDataString(token)}"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build();
        var listener = new SignalRListener(connection, alarmRaised);
        await connection.StartAsync();
        return listener;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
