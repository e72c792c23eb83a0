using Monitoring.Domain.FollowUps;
using Monitoring.Domain.Populations;
using Monitoring.Domain.Risk;
using static Monitoring.Domain.Tests.Dates;

namespace Monitoring.Domain.Tests.FollowUps;

/// <summary>000_65bbdb77c316a43b.txt: the second booster for four groups, 6 months or more after the first.</summary>
public sealed class BoosterPolicyTests
{
    private static readonly DateOnly Today = D("2026-11-22");

    private static IReadOnlyList<BoosterGroup> Groups(
        int ageYears, UnderlyingDisease disease = UnderlyingDisease.None, bool highInfectionRisk = false, params KeyPopulation[] categories) =>
        BoosterPolicy.Groups(BornYearsBefore(ageYears, Today), disease, categories, highInfectionRisk, Today);

    [Fact]
    public void SixtyOnTheBirthdayIsEligibleAndFiftyNineIsNot()
    {
        // "60岁以上" includes 60 (以上 includes the number, 民法典 第一千二百五十九条).
        Assert.Equal([BoosterGroup.OlderAdult], Groups(60));
        Assert.Empty(BoosterPolicy.Groups(BornYearsBefore(60, Today).AddDays(1), UnderlyingDisease.None, [], false, Today));
    }

    [Theory]
    [InlineData(UnderlyingDisease.Unstable, null, BoosterGroup.SevereUnderlyingDisease)]
    [InlineData(UnderlyingDisease.None, KeyPopulation.Dialysis, BoosterGroup.SevereUnderlyingDisease)]
    [InlineData(UnderlyingDisease.None, KeyPopulation.Immunodeficiency, BoosterGroup.Immunocompromised)]
    [InlineData(UnderlyingDisease.Stable, KeyPopulation.CancerTherapy, BoosterGroup.Immunocompromised)]
    public void SevereDiseaseAndLowImmunityComeFromTheRegistry(UnderlyingDisease disease, KeyPopulation? category, BoosterGroup group) =>
        Assert.Equal([group], Groups(40, disease, false, category is { } c ? [c] : []));

    [Fact]
    public void AStableDiseaseOrAnotherCategoryAloneIsNotEligibleButAClinicianMayRecordHighInfectionRisk()
    {
        Assert.Empty(Groups(40, UnderlyingDisease.Stable, false, KeyPopulation.LivingAlone, KeyPopulation.Pregnant));
        Assert.Equal([BoosterGroup.HighInfectionRisk], Groups(40, UnderlyingDisease.Stable, highInfectionRisk: true));
        Assert.Equal(
            [BoosterGroup.HighInfectionRisk, BoosterGroup.OlderAdult, BoosterGroup.SevereUnderlyingDisease, BoosterGroup.Immunocompromised],
            Groups(70, UnderlyingDisease.Unstable, true, KeyPopulation.Immunodeficiency));
    }

    [Theory]
    [InlineData("2026-05-22", "2026-11-22", true)] // exactly 6 months: "6个月以上" includes 6
    [InlineData("2026-05-23", "2026-11-23", false)] // a day short
    [InlineData("2026-05-31", "2026-11-30", false)] // no 31 November: the month's last day, still ahead
    [InlineData("2025-01-01", "2025-07-01", true)]
    public void DueSixCalendarMonthsAfterTheFirstBooster(string first, string dueOn, bool due)
    {
        var status = BoosterPolicy.Assess([BoosterGroup.OlderAdult], D(first), null, Today);

        Assert.Equal(D(dueOn), status.DueOn);
        Assert.Equal(due, status.Due);
    }

    [Fact]
    public void NoReminderWithoutAFirstBoosterDateAfterTheSecondOrOutsideTheGroups()
    {
        Assert.False(BoosterPolicy.Assess([BoosterGroup.OlderAdult], null, null, Today).Due);
        var given = BoosterPolicy.Assess([BoosterGroup.OlderAdult], D("2025-01-01"), D("2025-08-01"), Today);
        Assert.False(given.Due);
        Assert.Null(given.DueOn);
        var notEligible = BoosterPolicy.Assess([], D("2025-01-01"), null, Today);
        Assert.False(notEligible.Due);
        Assert.False(notEligible.Eligible);
        Assert.Equal(D("2025-07-01"), notEligible.DueOn);
    }
}
