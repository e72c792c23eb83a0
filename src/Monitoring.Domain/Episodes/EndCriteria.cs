namespace Monitoring.Domain.Episodes;

/// <summary>
/// When home treatment may end, 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 四:
/// "如居家治疗人员症状明显好转或无明显症状，自测抗原阴性并且连续两次新冠病毒核酸检测Ct值>35
/// (两次检测间隔大于24小时), 可结束居家治疗".
/// </summary>
public static class EndCriteria
{
    /// <summary>"Ct值>35": strictly above; a Ct of exactly 35 does not count.</summary>
    public const decimal CtThreshold = 35m;

    /// <summary>"两次检测间隔大于24小时": strictly more than 24 h between the two samples.</summary>
    public static readonly TimeSpan MinimumPcrSpacing = TimeSpan.FromHours(24);

    /// <summary>
    /// Evaluates the criteria on the tests taken during an episode (sample time from
    /// <paramref name="episodeStart"/> to <paramref name="episodeEnd"/>, or open-ended), in the
    /// order the samples were taken, whatever order they were recorded in.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Antigen: the most recent antigen test of the episode is negative.</item>
    /// <item>
    /// PCR: two PCR tests that follow each other (no PCR between them), both with a Ct above 35,
    /// sampled more than 24 h apart, and no later PCR with a Ct of 35 or less (or without a Ct)
    /// since — a relapse undoes an earlier pair. The criterion is about the Ct value, so a PCR
    /// reported "negative" without a Ct does not satisfy it, and one reported "positive" with a
    /// Ct above 35 does.
    /// </item>
    /// <item>Symptoms: clearly improved or absent, as judged by a clinician.</item>
    /// </list>
    /// </remarks>
    public static EndCriteriaAssessment Evaluate(
        IEnumerable<LabTest> tests, DateTimeOffset episodeStart, DateTimeOffset? episodeEnd, bool symptomsImproved)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var inEpisode = tests
            .Where(t => t.TakenAt >= episodeStart && (episodeEnd is not { } end || t.TakenAt <= end))
            .OrderBy(t => t.TakenAt)
            .ToList();

        var lastAntigen = inEpisode.LastOrDefault(t => t.Kind == LabTestKind.Antigen);
        var antigenNegative = lastAntigen is { Result: LabTestResult.Negative };

        return new EndCriteriaAssessment(antigenNegative, HasQualifyingPcrPair(inEpisode), symptomsImproved);
    }

    /// <summary>True when <paramref name="test"/> is a PCR with a Ct strictly above <see cref="CtThreshold"/>.</summary>
    public static bool IsCtAboveThreshold(LabTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return test is { Kind: LabTestKind.Pcr, Ct: > CtThreshold };
    }

    private static bool HasQualifyingPcrPair(List<LabTest> testsInOrder)
    {
        var pcrs = testsInOrder.Where(t => t.Kind == LabTestKind.Pcr).ToList();

        // Walk back from the latest PCR through the unbroken run of qualifying results.
        for (var i = pcrs.Count - 1; i >= 1; i--)
        {
            if (!IsCtAboveThreshold(pcrs[i]) || !IsCtAboveThreshold(pcrs[i - 1]))
            {
                return false;
            }

            if (pcrs[i].TakenAt - pcrs[i - 1].TakenAt > MinimumPcrSpacing)
            {
                return true;
            }
        }

        return false;
    }
}
