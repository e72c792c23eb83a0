using Monitoring.Domain.Episodes;

namespace Monitoring.Domain.Tests.Episodes;

/// <summary>
/// 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 四: symptoms improved, antigen negative, and
/// two consecutive nucleic-acid tests with Ct &gt; 35 taken more than 24 h apart.
/// </summary>
public sealed class EndCriteriaTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static LabTest Pcr(double hoursAfterStart, decimal? ct, LabTestResult result = LabTestResult.Negative) =>
        new(LabTestKind.Pcr, Start.AddHours(hoursAfterStart), result, ct);

    private static LabTest Antigen(double hoursAfterStart, LabTestResult result) =>
        new(LabTestKind.Antigen, Start.AddHours(hoursAfterStart), result);

    private static EndCriteriaAssessment Evaluate(bool symptomsImproved, params LabTest[] tests) =>
        EndCriteria.Evaluate(tests, Start, null, symptomsImproved);

    [Fact]
    public void AllThreeCriteriaTogetherAreMet()
    {
        var result = Evaluate(true, Antigen(40, LabTestResult.Negative), Pcr(10, 36m), Pcr(35, 37.2m));

        Assert.True(result.AntigenNegative);
        Assert.True(result.PcrConsecutiveCtAbove35);
        Assert.True(result.SymptomsImproved);
        Assert.True(result.Met);
    }

    [Fact]
    public void NoTestsMeetNothing()
    {
        var result = Evaluate(false);

        Assert.False(result.AntigenNegative);
        Assert.False(result.PcrConsecutiveCtAbove35);
        Assert.False(result.Met);
    }

    [Fact]
    public void SymptomsNotImprovedKeepTheCriteriaUnmet()
    {
        var result = Evaluate(false, Antigen(40, LabTestResult.Negative), Pcr(10, 36m), Pcr(35, 37m));

        Assert.True(result.AntigenNegative);
        Assert.True(result.PcrConsecutiveCtAbove35);
        Assert.False(result.Met);
    }

    [Fact]
    public void CtOfExactly35IsNotAbove35()
    {
        var result = Evaluate(true, Antigen(40, LabTestResult.Negative), Pcr(10, 35m), Pcr(35, 35m));

        Assert.False(result.PcrConsecutiveCtAbove35);
        Assert.False(result.Met);
    }

    [Fact]
    public void CtJustAbove35Counts() =>
        Assert.True(Evaluate(true, Pcr(10, 35.01m), Pcr(35, 35.01m)).PcrConsecutiveCtAbove35);

    [Fact]
    public void ExactlyTwentyFourHoursApartIsNotMoreThan24Hours() =>
        Assert.False(Evaluate(true, Pcr(10, 36m), Pcr(34, 36m)).PcrConsecutiveCtAbove35);

    [Fact]
    public void OneSecondMoreThanTwentyFourHoursApartCounts() =>
        Assert.True(Evaluate(true, Pcr(10, 36m), Pcr(34 + (1.0 / 3600), 36m)).PcrConsecutiveCtAbove35);

    [Fact]
    public void TheTwoQualifyingTestsMustFollowEachOther()
    {
        // 36 at 0 h, 30 at 20 h (still positive), 37 at 30 h: the qualifying tests are not consecutive.
        var result = Evaluate(true, Pcr(0, 36m), Pcr(20, 30m, LabTestResult.Positive), Pcr(30, 37m));

        Assert.False(result.PcrConsecutiveCtAbove35);
    }

    [Fact]
    public void ConsecutiveTestsTooCloseTogetherDoNotCountEvenIfEarlierOnesWereFarApart()
    {
        // 0 h, 12 h, 30 h all above 35: neither neighbouring pair is more than 24 h apart.
        Assert.False(Evaluate(true, Pcr(0, 36m), Pcr(12, 36m), Pcr(30, 36m)).PcrConsecutiveCtAbove35);
    }

    [Fact]
    public void ALaterTestAt35OrBelowUndoesAnEarlierQualifyingPair()
    {
        var result = Evaluate(true, Pcr(0, 36m), Pcr(30, 37m), Pcr(60, 28m, LabTestResult.Positive));

        Assert.False(result.PcrConsecutiveCtAbove35);
    }

    [Fact]
    public void AQualifyingPairAfterARelapseCounts() =>
        Assert.True(Evaluate(true, Pcr(0, 36m), Pcr(30, 28m), Pcr(40, 36m), Pcr(70, 38m)).PcrConsecutiveCtAbove35);

    [Fact]
    public void TestsAreOrderedByWhenTheSampleWasTakenNotByListOrder()
    {
        // Recorded out of order: the 60 h result (Ct 30) is the latest sample and undoes the pair.
        var outOfOrder = Evaluate(true, Pcr(60, 30m), Pcr(0, 36m), Pcr(30, 37m));
        var pairLast = Evaluate(true, Pcr(30, 37m), Pcr(0, 30m), Pcr(60, 36m));

        Assert.False(outOfOrder.PcrConsecutiveCtAbove35);
        Assert.True(pairLast.PcrConsecutiveCtAbove35);
    }

    [Fact]
    public void APcrWithoutCtDoesNotShowCtAbove35EvenIfReportedNegative() =>
        Assert.False(Evaluate(true, Pcr(0, null), Pcr(30, null)).PcrConsecutiveCtAbove35);

    [Fact]
    public void APcrReportedPositiveWithCtAbove35Counts() =>
        Assert.True(Evaluate(true, Pcr(0, 36.5m, LabTestResult.Positive), Pcr(30, 37m, LabTestResult.Positive)).PcrConsecutiveCtAbove35);

    [Fact]
    public void TheMostRecentAntigenTestDecides()
    {
        Assert.False(Evaluate(true, Antigen(10, LabTestResult.Negative), Antigen(20, LabTestResult.Positive)).AntigenNegative);
        Assert.True(Evaluate(true, Antigen(10, LabTestResult.Positive), Antigen(20, LabTestResult.Negative)).AntigenNegative);
    }

    [Fact]
    public void TestsBeforeTheEpisodeStartedDoNotCount()
    {
        var result = Evaluate(true, Antigen(-5, LabTestResult.Negative), Pcr(-60, 36m), Pcr(-30, 37m));

        Assert.False(result.AntigenNegative);
        Assert.False(result.PcrConsecutiveCtAbove35);
    }

    [Fact]
    public void TestsAfterAnEndedEpisodeDoNotCount()
    {
        var end = Start.AddHours(50);
        var tests = new[] { Antigen(49, LabTestResult.Negative), Pcr(10, 36m), Pcr(40, 37m), Antigen(60, LabTestResult.Positive), Pcr(70, 20m) };

        var result = EndCriteria.Evaluate(tests, Start, end, symptomsImproved: true);

        Assert.True(result.Met);
    }

    [Fact]
    public void AntigenTestsDoNotBreakAPcrPair() =>
        Assert.True(Evaluate(true, Pcr(0, 36m), Antigen(10, LabTestResult.Positive), Pcr(30, 37m)).PcrConsecutiveCtAbove35);
}
