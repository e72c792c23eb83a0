using Dapper;
using Monitoring.Domain.Alarms;
using Monitoring.Domain.Episodes;
using Monitoring.Hub.Api;
using Npgsql;

namespace Monitoring.Hub.FollowUps;

/// <summary>
/// Tells the clinician when an episode's end criteria become met (003 居家治疗指南 四: 症状明显好转或无明显症状,
/// 自测抗原阴性, 连续两次核酸Ct值>35 间隔大于24小时): one low-priority <c>end_criteria_met</c> notice per
/// episode (key: the episode id). Ending home treatment stays the clinician's decision. The notice is
/// withdrawn (resolved by <c>system</c>) once the episode has ended, or when the criteria stop being met
/// (a later positive antigen test): then its key is forgotten, so meeting them again is told again.
/// </summary>
public sealed partial class EndOfTreatmentSweep(NpgsqlDataSource dataSource, ReminderLedger ledger, ILogger<EndOfTreatmentSweep> logger) : Scheduling.ISweep
{
    /// <summary>The recurring job that runs this sweep (Hangfire id, log and metric tag).</summary>
    public static string JobId => "end-of-treatment";

    /// <summary>Returns how many notices this run raised.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken ct)
    {
        List<EpisodeRow> episodes;
        ILookup<Guid, LabTest> tests;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct))
        {
            episodes = [.. await connection.QueryAsync<EpisodeRow>(new CommandDefinition(
                "SELECT id AS episode_id, patient_id, started_at, symptoms_improved FROM episodes WHERE ended_at IS NULL",
                transaction: transaction, cancellationToken: ct))];
            tests = (await connection.QueryAsync<TestRow>(new CommandDefinition(
                """
                SELECT t.patient_id, t.kind, t.taken_at, t.result, t.ct
                FROM test_results t JOIN episodes e ON e.patient_id = t.patient_id AND e.ended_at IS NULL
                WHERE t.taken_at >= e.started_at
                """,
                transaction: transaction, cancellationToken: ct)))
                .ToLookup(t => t.PatientId, t => new LabTest(Codes.Parse<LabTestKind>(t.Kind), t.TakenAt, Codes.Parse<LabTestResult>(t.Result), t.Ct));
            await transaction.CommitAsync(ct);
        }

        var sent = await ledger.SentAsync(AlarmKind.EndCriteriaMet, [.. episodes.Select(e => e.EpisodeId.ToString())], ct);
        var raised = 0;
        var met = new HashSet<Guid>();
        foreach (var episode in episodes)
        {
            var key = episode.EpisodeId.ToString();
            var criteria = EndCriteria.Evaluate(tests[episode.PatientId], episode.StartedAt, null, episode.SymptomsImproved);
            if (criteria.Met)
            {
                met.Add(episode.PatientId);
                if (!sent.Contains((episode.PatientId, key))
                    && await ledger.RaiseOnceAsync(AlarmKind.EndCriteriaMet, episode.PatientId, key,
                        "Home-treatment end criteria met: symptoms improved, antigen negative, two PCR Ct > 35 more than 24 h apart.", now, now, ct))
                {
                    LogRaised(logger, episode.PatientId, episode.EpisodeId);
                    raised++;
                }
            }
            else if (sent.Contains((episode.PatientId, key)))
            {
                await ledger.WithdrawAsync(AlarmKind.EndCriteriaMet, episode.PatientId, "End criteria no longer met.", ct);
                await ledger.ForgetAsync(AlarmKind.EndCriteriaMet, episode.PatientId, key, ct);
            }
        }

        var inTreatment = episodes.Select(e => e.PatientId).ToHashSet();
        foreach (var patientId in await ledger.OpenAlarmPatientsAsync(AlarmKind.EndCriteriaMet, ct))
        {
            if (!met.Contains(patientId))
            {
                await ledger.WithdrawAsync(AlarmKind.EndCriteriaMet, patientId,
                    inTreatment.Contains(patientId) ? "End criteria no longer met." : "Home treatment ended.", ct);
            }
        }

        return raised;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Episode {EpisodeId} of patient {PatientId} meets the end criteria: notice raised")]
    private static partial void LogRaised(ILogger logger, Guid patientId, Guid episodeId);

    private sealed class EpisodeRow
    {
        public Guid EpisodeId { get; set; }

        public Guid PatientId { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public bool SymptomsImproved { get; set; }
    }

    private sealed class TestRow
    {
        public Guid PatientId { get; set; }

        public string Kind { get; set; } = "";

        public DateTimeOffset TakenAt { get; set; }

        public string Result { get; set; } = "";

        public decimal? Ct { get; set; }
    }
}
