using System.Net.Sockets;
using Npgsql;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>How the engine tells an unreachable database (wait and retry) from other failures, and how long it waits.</summary>
internal static class AlarmEngineFailures
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    internal static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(attempt, 10))));

    internal static bool IsDatabaseFailure(Exception ex) =>
        ex is NpgsqlException or TimeoutException or SocketException or IOException
        || (ex is InvalidOperationException && ex.InnerException is NpgsqlException);
}
