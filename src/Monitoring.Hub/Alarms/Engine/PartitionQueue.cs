using System.Threading.Channels;
using Monitoring.Hub.Api;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// A partition's one bounded queue: device messages (ingestion waits while it is full) and commands
/// (a caller awaits the command's result), read by the partition's loop in the order written.
/// </summary>
internal sealed class PartitionQueue(int capacity)
{
    private readonly Channel<Work> _queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public int Count => _queue.Reader.Count;

    /// <summary>One message's readings; waits while the queue is full (backpressure).</summary>
    public async ValueTask EnqueueAsync(IReadOnlyList<AttributedReading> readings, CancellationToken ct)
    {
        try
        {
            await _queue.Writer.WriteAsync(new ReadingWork(readings), ct);
        }
        catch (ChannelClosedException)
        {
            // The engine has stopped (the hub is shutting down): these readings are stored in
            // InfluxDB but not evaluated here.
        }
    }

    /// <summary>Queues <paramref name="run"/> behind what is queued and waits for its result.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> run, CancellationToken ct)
    {
        var work = new CommandWork<T>(run, ct);
        try
        {
            await _queue.Writer.WriteAsync(work, ct);
        }
        catch (ChannelClosedException)
        {
            throw new DependencyUnavailableException("The alarm engine is stopping (the hub is shutting down); nothing was changed.");
        }

        return await work.Result.WaitAsync(ct);
    }

    public ValueTask<Work> ReadAsync(CancellationToken ct) => _queue.Reader.ReadAsync(ct);

    /// <summary>One read per item (each takes the channel's lock, which ingestion's writes contend for).</summary>
    public bool TryRead(out Work work) => _queue.Reader.TryRead(out work!);

    /// <summary>No more work: queued commands are cancelled, later ones refused.</summary>
    public void Close()
    {
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var left))
        {
            (left as CommandWork)?.Cancel();
        }
    }

    internal abstract class Work;

    internal sealed class ReadingWork(IReadOnlyList<AttributedReading> readings) : Work
    {
        public IReadOnlyList<AttributedReading> Readings { get; } = readings;
    }

    internal abstract class CommandWork : Work
    {
        public abstract Task ExecuteAsync(CancellationToken ct);

        public abstract void Cancel();
    }

    private sealed class CommandWork<T>(Func<CancellationToken, Task<T>> run, CancellationToken caller) : CommandWork
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Result => _result.Task;

        public override async Task ExecuteAsync(CancellationToken ct)
        {
            if (caller.IsCancellationRequested)
            {
                // The caller gave up (an API request timed out): it was told nothing was changed.
                _result.TrySetCanceled(caller);
                return;
            }

            try
            {
                _result.TrySetResult(await run(ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                _result.TrySetCanceled(ct);
                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The caller hears of it (API: 503 for the database); the loop goes on.
                _result.TrySetException(ex);
            }
        }

        public override void Cancel() => _result.TrySetCanceled();
    }
}
