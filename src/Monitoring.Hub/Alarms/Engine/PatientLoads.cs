using Monitoring.Hub.Alarms.Storage;
using Monitoring.Hub.Thresholds;

namespace Monitoring.Hub.Alarms.Engine;

/// <summary>
/// What grains read about their patients when they need it (contexts, rule states, open alarms,
/// threshold overrides), read in rounds (<see cref="Rounds{T}"/>): the requests of every grain
/// activating while a read is under way are served by the next one, a handful of queries for
/// hundreds of patients. Without it, 10,000 grains activating at start cost 40,000 queries and put
/// ingestion 70,000 messages behind (docs/alarms.md, "Performance").
/// </summary>
internal sealed class PatientLoads
{
    /// <summary>Patients per round at most (a context refresh of the whole silo is one request and not split).</summary>
    private const int MaxPerRound = 1000;

    private readonly AlarmStore _store;
    private readonly ThresholdStore _thresholds;
    private readonly Rounds<Request> _rounds;

    public PatientLoads(AlarmStore store, ThresholdStore thresholds)
    {
        _store = store;
        _thresholds = thresholds;
        _rounds = new Rounds<Request>(ServeAsync, static (round, ex) =>
        {
            foreach (var request in round)
            {
                request.Done.TrySetException(ex);
            }
        }, MaxPerRound);
    }

    /// <summary>
    /// Reads <paramref name="contexts"/>' contexts, <paramref name="states"/>' rule states,
    /// <paramref name="open"/>'s open alarms and the threshold overrides of <paramref name="clinics"/>
    /// and <paramref name="thresholdPatients"/> (into the threshold store's cache), with other grains' requests.
    /// </summary>
    public Task<PatientLoad> LoadAsync(Guid[] contexts, Guid[] states, Guid[] open, Guid[] clinics, Guid[] thresholdPatients, CancellationToken ct)
    {
        var request = new Request(contexts, states, open, clinics, thresholdPatients);
        _rounds.Add(request);
        return request.Done.Task.WaitAsync(ct);
    }

    private async Task ServeAsync(IReadOnlyList<Request> round)
    {
        var contexts = Union(round, r => r.Contexts);
        var states = Union(round, r => r.States);
        var open = Union(round, r => r.Open);
        await _thresholds.PreloadAsync(round.SelectMany(r => r.Clinics), round.SelectMany(r => r.ThresholdPatients), CancellationToken.None);

        await using var connection = await _store.DataSource.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var load = new PatientLoad(
            contexts.Length == 0 ? [] : await AlarmStore.LoadContextsAsync(tx, contexts, CancellationToken.None),
            states.Length == 0 ? [] : await AlarmStore.LoadRuleStatesAsync(tx, states, CancellationToken.None),
            open.Length == 0 ? [] : await AlarmStore.LoadOpenAsync(tx, open, CancellationToken.None));
        await tx.CommitAsync();
        foreach (var request in round)
        {
            request.Done.TrySetResult(load);
        }
    }

    private static Guid[] Union(IReadOnlyList<Request> round, Func<Request, Guid[]> ids) =>
        round.Count == 1 ? ids(round[0]) : [.. round.SelectMany(ids).Distinct()];

    private sealed record Request(Guid[] Contexts, Guid[] States, Guid[] Open, Guid[] Clinics, Guid[] ThresholdPatients)
    {
        public TaskCompletionSource<PatientLoad> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
