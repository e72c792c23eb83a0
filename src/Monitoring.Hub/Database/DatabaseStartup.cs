using System.Net.Sockets;
using Npgsql;

namespace Monitoring.Hub.Database;

/// <summary>
/// Brings the schema up to date and seeds bootstrap data before the hub serves requests. When
/// PostgreSQL does not answer at start the hub still starts (its readiness reports the database)
/// and this retries in the background; a migration that PostgreSQL rejects stops the hub, since
/// running on a half-known schema would be worse.
/// </summary>
/// <remarks>
/// The runner and seeders are resolved when starting, not when the host builds its hosted
/// services: they need the database options, whose validation must fail in the host's own
/// start-up validation (one clear message) rather than while hosted services are created.
/// </remarks>
public sealed partial class DatabaseStartup(
    IServiceProvider services,
    SchemaState state,
    ILogger<DatabaseStartup> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _retryLoop;
    private bool _disposed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TryOnceAsync(cancellationToken))
        {
            _retryLoop = Task.Run(() => RetryAsync(_stopping.Token), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_disposed)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_retryLoop is not null)
        {
            await _retryLoop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _stopping.Dispose();
    }

    private async Task RetryAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryDelay, stopping);
                if (await TryOnceAsync(stopping))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is PostgresException or InvalidOperationException)
            {
                // A migration PostgreSQL refuses: nothing a retry can fix; the readiness check stays red.
                LogMigrationFailed(logger, ex);
                return;
            }
        }
    }

    private async Task<bool> TryOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken);
            foreach (var seeder in services.GetServices<IDatabaseSeeder>())
            {
                await seeder.SeedAsync(cancellationToken);
            }

            state.MarkReady();
            return true;
        }
        catch (NpgsqlException ex) when (IsUnreachable(ex))
        {
            LogUnreachable(logger, RetryDelay.TotalSeconds, ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Not answering, still starting, or the database/role not created yet (a script may be
    /// creating it right now): worth retrying. SQL errors in a migration are not.
    /// </summary>
    private static bool IsUnreachable(NpgsqlException exception) => exception switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.InvalidCatalogName
            or PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification,
        _ => exception.IsTransient || exception.InnerException is SocketException or IOException or TimeoutException,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL does not answer, schema migrations will be retried every {Seconds} s: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Schema migration failed; the registry API will not work until this is fixed")]
    private static partial void LogMigrationFailed(ILogger logger, Exception exception);
}
