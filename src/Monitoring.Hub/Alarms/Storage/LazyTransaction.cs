using Npgsql;

namespace Monitoring.Hub.Alarms.Storage;

/// <summary>
/// A connection and transaction opened only when a batch first needs PostgreSQL; committing or
/// disposing one never opened costs nothing.
/// </summary>
internal sealed class LazyTransaction(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;

    public async Task<NpgsqlTransaction> GetAsync(CancellationToken ct)
    {
        if (_transaction is null)
        {
            _connection = await dataSource.OpenConnectionAsync(ct);
            _transaction = await _connection.BeginTransactionAsync(ct);
        }

        return _transaction;
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            await _transaction.CommitAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
