namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// Requests from many grains served in rounds, one round at a time: a request finding no round
/// under way starts one at once (no added wait when the silo is quiet); those arriving meanwhile go
/// together into the next. Under load a round therefore carries as many grains as PostgreSQL was
/// slow, which is what turns one transaction per patient into one per round.
/// </summary>
/// <typeparam name="T">A request, which carries its own completion: <paramref name="serve"/> completes each.</typeparam>
/// <param name="serve">Serves a round; any exception it lets out is handed to <paramref name="fail"/> with the round.</param>
/// <param name="fail">Completes every request of a round that <paramref name="serve"/> failed on.</param>
/// <param name="maxPerRound">Requests per round at most (bounds a statement's size).</param>
internal sealed class Rounds<T>(Func<IReadOnlyList<T>, Task> serve, Action<IReadOnlyList<T>, Exception> fail, int maxPerRound)
{
    private readonly Lock _lock = new();
    private List<T> _waiting = [];
    private bool _running;

    public void Add(T request)
    {
        lock (_lock)
        {
            _waiting.Add(request);
            if (_running)
            {
                return;
            }

            _running = true;
        }

        // Off the grain's scheduler: the rounds serve every grain of the silo.
        _ = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        while (true)
        {
            List<T> round;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _running = false;
                    return;
                }

                if (_waiting.Count <= maxPerRound)
                {
                    round = _waiting;
                    _waiting = [];
                }
                else
                {
                    round = _waiting.GetRange(0, maxPerRound);
                    _waiting.RemoveRange(0, maxPerRound);
                }
            }

            try
            {
                await serve(round);
            }
            catch (Exception ex)
            {
                fail(round, ex);
            }
        }
    }
}
