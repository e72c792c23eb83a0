using Monitoring.Domain.Risk;
using Monitoring.FirmwareSim.Fleet;

namespace Monitoring.FirmwareSim.Tests.Fleet;

public sealed class PatientGeneratorTests
{
    private static readonly DateOnly Today = new(2026, 1, 10);

    [Fact]
    public void TheTierSpreadFollowsTheMixByTheDomainCalculator()
    {
        var generator = new PatientGenerator(7, Today, TierMix.Default, 0.3);
        var patients = Enumerable.Range(0, 1000).Select(_ => generator.Next()).ToList();

        double Share(RiskTier tier) => patients.Count(p => p.ExpectedTier == tier) / 10.0;
        Assert.InRange(Share(RiskTier.Red), 45, 55);
        Assert.InRange(Share(RiskTier.Yellow), 30, 40);
        Assert.InRange(Share(RiskTier.Green), 11, 19);
        Assert.All(patients, p =>
        {
            var disease = Enum.Parse<UnderlyingDisease>(p.Spec.UnderlyingDisease, ignoreCase: true);
            var vaccination = Enum.Parse<Vaccination>(p.Spec.Vaccination, ignoreCase: true);
            Assert.Equal(p.ExpectedTier, RiskTierCalculator.Assess(new RiskInputs(p.Spec.BirthDate, disease, vaccination), Today).Tier);
            Assert.InRange(p.Profile.Spo2Baseline, 94, 99);
        });
    }

    [Fact]
    public void PatientsHaveChineseNamesAndAreReproducibleFromTheSeed()
    {
        var first = new PatientGenerator(3, Today, TierMix.Default, 0.3);
        var second = new PatientGenerator(3, Today, TierMix.Default, 0.3);
        var a = Enumerable.Range(0, 20).Select(_ => first.Next()).ToList();
        var b = Enumerable.Range(0, 20).Select(_ => second.Next()).ToList();

        Assert.Equal(a.Select(p => p.Spec), b.Select(p => p.Spec), (x, y) => x.Name == y.Name && x.BirthDate == y.BirthDate && x.Vaccination == y.Vaccination);
        Assert.All(a, p => Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}{2,4}$", p.Spec.Name));
    }

    [Fact]
    public void SomeFeversOutlast72Hours()
    {
        var generator = new PatientGenerator(5, Today, TierMix.Default, 0.3);
        var fevers = Enumerable.Range(0, 300).Select(_ => generator.Next().Fever).OfType<FeverPlan>().ToList();

        Assert.InRange(fevers.Count, 120, 220);
        Assert.Contains(fevers, f => f.Plateau > TimeSpan.FromHours(72));
        Assert.All(fevers, f => Assert.InRange(f.Peak, 38.6, 40.0));
    }

    [Theory]
    [InlineData("50,35,15", true)]
    [InlineData("1, 1, 1", true)]
    [InlineData("50,35", false)]
    [InlineData("0,0,0", false)]
    [InlineData("a,b,c", false)]
    public void ATierMixIsThreeWeights(string text, bool valid) => Assert.Equal(valid, TierMix.TryParse(text, out _));
}
