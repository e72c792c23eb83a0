using Bogus;
using Monitoring.Domain.Risk;
using Monitoring.FirmwareSim.Hub;
using Monitoring.FirmwareSim.Physiology;

namespace Monitoring.FirmwareSim.Fleet;

/// <summary>
/// Makes fleet patients, deterministic under a seed: Chinese names (Bogus, <c>zh_CN</c>), and ages,
/// underlying disease and vaccination drawn from a plausible home-treatment population, kept when
/// the domain's risk calculator (clinical-rules §1, the hub's own) gives the tier the mix asks for
/// next. Sicker tiers get lower SpO2 baselines and more desaturations and fevers.
/// </summary>
public sealed class PatientGenerator
{
    private const int MaxTries = 10_000;

    private readonly Random _random;
    private readonly Faker _faker;
    private readonly DateOnly _today;
    private readonly TierMix _mix;
    private readonly double _wearableShare;
    private int _index;

    public PatientGenerator(int seed, DateOnly today, TierMix mix, double wearableShare)
    {
        ArgumentNullException.ThrowIfNull(mix);
        _random = new Random(seed);
        _faker = new Faker("zh_CN") { Random = new Randomizer(seed) };
        _today = today;
        _mix = mix;
        _wearableShare = wearableShare;
    }

    public GeneratedPatient Next()
    {
        var target = TierMix.TierAt(Draw.Weighted(_random, _mix.Weights));
        for (var tries = 0; tries < MaxTries; tries++)
        {
            var age = DrawAge();
            var disease = (UnderlyingDisease)Draw.Weighted(_random, [0.35, 0.40, 0.25]);
            var vaccination = (Vaccination)Draw.Weighted(_random, [0.55, 0.25, 0.20]);
            var birthDate = _today.AddYears(-age).AddDays(-_random.Next(0, 365));
            var tier = RiskTierCalculator.Assess(new RiskInputs(birthDate, disease, vaccination), _today).Tier;
            if (tier != target)
            {
                continue;
            }

            var sex = Draw.Chance(_random, 0.5) ? "female" : "male";
            var spec = new PatientSpec(
                _faker.Name.LastName() + _faker.Name.FirstName(),
                birthDate,
                sex,
                WireName(disease),
                WireName(vaccination),
                Categories(age, disease));
            return new GeneratedPatient(
                ++_index, spec, tier, DrawProfile(tier), DrawFever(tier), Draw.Chance(_random, 0.7), Draw.Chance(_random, _wearableShare));
        }

        throw new InvalidOperationException($"No {target} patient found in {MaxTries} draws.");
    }

    private int DrawAge() => Draw.Weighted(_random, [0.04, 0.40, 0.36, 0.20]) switch
    {
        0 => _random.Next(2, 7),
        1 => _random.Next(18, 65),
        2 => _random.Next(65, 81),
        _ => _random.Next(81, 96),
    };

    private List<string> Categories(int age, UnderlyingDisease disease)
    {
        var categories = new List<string>();
        if (age >= 65 && Draw.Chance(_random, 0.2))
        {
            categories.Add("living_alone");
        }

        if (disease == UnderlyingDisease.Unstable && Draw.Chance(_random, 0.15))
        {
            categories.Add("dialysis");
        }

        if (disease != UnderlyingDisease.None && Draw.Chance(_random, 0.08))
        {
            categories.Add("cancer_therapy");
        }

        return categories;
    }

    private PatientProfile DrawProfile(RiskTier tier) => new()
    {
        Spo2Baseline = tier switch
        {
            RiskTier.Green => Draw.Uniform(_random, 96, 99),
            RiskTier.Yellow => Draw.Uniform(_random, 95, 98),
            _ => Draw.Uniform(_random, 94, 97),
        },
        PulseBaseline = Draw.Uniform(_random, 62, 90),
        RespiratoryBaseline = Draw.Uniform(_random, 13, 19),
        TemperatureBaseline = Draw.Uniform(_random, 36.3, 36.9),
        PerfusionBaseline = Draw.Uniform(_random, 1.5, 6),
        HypoxicDrive = Draw.Chance(_random, 0.15) ? 0.1 : Draw.Uniform(_random, 0.7, 1.3),
        DesaturationsPerHour = tier switch
        {
            RiskTier.Green => 0.3,
            RiskTier.Yellow => 1,
            _ => 2.5,
        },
        ArtefactsPerHour = Draw.Uniform(_random, 2, 8),
    };

    private FeverPlan? DrawFever(RiskTier tier)
    {
        var chance = tier switch
        {
            RiskTier.Green => 0.3,
            RiskTier.Yellow => 0.5,
            _ => 0.7,
        };
        if (!Draw.Chance(_random, chance))
        {
            return null;
        }

        // About a third of fevers outlast 72 h (the persistent high fever of clinical-rules §2).
        var plateau = Draw.Chance(_random, 0.3)
            ? Draw.Uniform(_random, TimeSpan.FromHours(76), TimeSpan.FromHours(110))
            : Draw.Uniform(_random, TimeSpan.FromHours(10), TimeSpan.FromHours(60));
        return new FeverPlan(
            Draw.Uniform(_random, TimeSpan.FromHours(-36), TimeSpan.FromHours(24)),
            Draw.Uniform(_random, 38.6, 40.0),
            Draw.Uniform(_random, TimeSpan.FromHours(3), TimeSpan.FromHours(10)),
            plateau,
            Draw.Uniform(_random, TimeSpan.FromHours(6), TimeSpan.FromHours(24)));
    }

    public static string WireName(UnderlyingDisease disease) => disease switch
    {
        UnderlyingDisease.None => "none",
        UnderlyingDisease.Stable => "stable",
        _ => "unstable",
    };

    public static string WireName(Vaccination vaccination) => vaccination switch
    {
        Vaccination.Full => "full",
        Vaccination.Partial => "partial",
        _ => "none",
    };
}
