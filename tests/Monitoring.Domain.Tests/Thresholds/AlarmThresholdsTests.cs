using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Tests.Thresholds;

public sealed class AlarmThresholdsTests
{
    [Fact]
    public void DefaultsMatchTheClinicalRules()
    {
        var defaults = AlarmThresholds.Default;

        // 001_c1a4964215f4f1e9.txt, 二(二)2(1): 指氧饱和度<93% 尽快转诊.
        Assert.Equal(93.0, defaults.Spo2LowBelow);
        Assert.Equal(10, defaults.Spo2SustainSeconds);
        Assert.Equal(2, defaults.Spo2SustainReadings);
        // 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)2(2): 体温仍持续高于38.5℃, 超过3天.
        Assert.Equal(38.5, defaults.FeverAbove);
        Assert.Equal(72, defaults.PersistentFeverHours);
        // Monitoring practice (clinical-rules §2).
        Assert.Equal(15, defaults.DeviceSilentMinutes);
        Assert.Equal(15, defaults.BatteryLowAtOrBelow);
        // 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)1: 每天早、晚各进行1次体温测量.
        Assert.Equal(new TimeWindow(new TimeOnly(6, 0), new TimeOnly(10, 0)), defaults.MorningCheckWindow);
        Assert.Equal(new TimeWindow(new TimeOnly(18, 0), new TimeOnly(22, 0)), defaults.EveningCheckWindow);
        // 001_c1a4964215f4f1e9.txt, 二(二)2(1): 每3天随访一次.
        Assert.Equal(3, defaults.FollowUpIntervalDays);
        // 004_306304aaac2aa708.txt, 8: 黄色、红色每周联系分别不少于2次和3次.
        Assert.Equal(2, defaults.ContactsPerWeekYellow);
        Assert.Equal(3, defaults.ContactsPerWeekRed);
        Assert.Equal(2, defaults.EscalateAfterMinutes);
        Assert.Equal(5, defaults.ReminderEveryMinutes);
        Assert.Equal(10, defaults.AutoResolveAfterMinutes);
        Assert.Equal(5, defaults.LateAfterMinutes);
        Assert.Equal(defaults, new AlarmThresholds());
        Assert.Equal("Thresholds", AlarmThresholds.SectionName);
    }

    [Fact]
    public void DefaultsAreValid() => Assert.Empty(AlarmThresholds.Default.Validate());

    // Keyed by a readable case name so the theory rows stay serializable (one row per case in Test Explorer).
    private static readonly Dictionary<string, AlarmThresholds> InvalidCases = new()
    {
        ["Spo2LowBelow = 49.9"] = AlarmThresholds.Default with { Spo2LowBelow = 49.9 },
        ["Spo2LowBelow = 100.1"] = AlarmThresholds.Default with { Spo2LowBelow = 100.1 },
        ["Spo2LowBelow = NaN"] = AlarmThresholds.Default with { Spo2LowBelow = double.NaN },
        ["Spo2SustainSeconds = 0"] = AlarmThresholds.Default with { Spo2SustainSeconds = 0 },
        ["Spo2SustainReadings = 0"] = AlarmThresholds.Default with { Spo2SustainReadings = 0 },
        ["FeverAbove = 29.9"] = AlarmThresholds.Default with { FeverAbove = 29.9 },
        ["FeverAbove = 45.1"] = AlarmThresholds.Default with { FeverAbove = 45.1 },
        ["PersistentFeverHours = 0"] = AlarmThresholds.Default with { PersistentFeverHours = 0 },
        ["DeviceSilentMinutes = -5"] = AlarmThresholds.Default with { DeviceSilentMinutes = -5 },
        ["BatteryLowAtOrBelow = -1"] = AlarmThresholds.Default with { BatteryLowAtOrBelow = -1 },
        ["BatteryLowAtOrBelow = 101"] = AlarmThresholds.Default with { BatteryLowAtOrBelow = 101 },
        ["FollowUpIntervalDays = 0"] = AlarmThresholds.Default with { FollowUpIntervalDays = 0 },
        ["ContactsPerWeekYellow = 0"] = AlarmThresholds.Default with { ContactsPerWeekYellow = 0 },
        ["ContactsPerWeekRed = 0"] = AlarmThresholds.Default with { ContactsPerWeekRed = 0 },
        ["EscalateAfterMinutes = 0"] = AlarmThresholds.Default with { EscalateAfterMinutes = 0 },
        ["ReminderEveryMinutes = 0"] = AlarmThresholds.Default with { ReminderEveryMinutes = 0 },
        ["AutoResolveAfterMinutes = 0"] = AlarmThresholds.Default with { AutoResolveAfterMinutes = 0 },
        ["LateAfterMinutes = 0"] = AlarmThresholds.Default with { LateAfterMinutes = 0 },
        ["MorningCheckWindow = 10:00-06:00"] = AlarmThresholds.Default with { MorningCheckWindow = new(new TimeOnly(10, 0), new TimeOnly(6, 0)) },
        ["MorningCheckWindow = 06:00-06:00"] = AlarmThresholds.Default with { MorningCheckWindow = new(new TimeOnly(6, 0), new TimeOnly(6, 0)) },
        ["EveningCheckWindow = 22:00-02:00"] = AlarmThresholds.Default with { EveningCheckWindow = new(new TimeOnly(22, 0), new TimeOnly(2, 0)) },
        ["EveningCheckWindow = null"] = AlarmThresholds.Default with { EveningCheckWindow = null! },
    };

    public static TheoryData<string, string> InvalidSettings { get; } = new()
    {
        // An SpO2 threshold must lie in the plausible SpO2 range, 50-100 %, and a fever threshold in
        // the plausible body temperature range, 30-45 °C (clinical-rules §2); intervals are positive.
        { "Spo2LowBelow", "Spo2LowBelow = 49.9" },
        { "Spo2LowBelow", "Spo2LowBelow = 100.1" },
        { "Spo2LowBelow", "Spo2LowBelow = NaN" },
        { "Spo2SustainSeconds", "Spo2SustainSeconds = 0" },
        { "Spo2SustainReadings", "Spo2SustainReadings = 0" },
        { "FeverAbove", "FeverAbove = 29.9" },
        { "FeverAbove", "FeverAbove = 45.1" },
        { "PersistentFeverHours", "PersistentFeverHours = 0" },
        { "DeviceSilentMinutes", "DeviceSilentMinutes = -5" },
        { "BatteryLowAtOrBelow", "BatteryLowAtOrBelow = -1" },
        { "BatteryLowAtOrBelow", "BatteryLowAtOrBelow = 101" },
        { "FollowUpIntervalDays", "FollowUpIntervalDays = 0" },
        { "ContactsPerWeekYellow", "ContactsPerWeekYellow = 0" },
        { "ContactsPerWeekRed", "ContactsPerWeekRed = 0" },
        { "EscalateAfterMinutes", "EscalateAfterMinutes = 0" },
        { "ReminderEveryMinutes", "ReminderEveryMinutes = 0" },
        { "AutoResolveAfterMinutes", "AutoResolveAfterMinutes = 0" },
        { "LateAfterMinutes", "LateAfterMinutes = 0" },
        { "MorningCheckWindow", "MorningCheckWindow = 10:00-06:00" },
        { "MorningCheckWindow", "MorningCheckWindow = 06:00-06:00" },
        { "EveningCheckWindow", "EveningCheckWindow = 22:00-02:00" },
        { "EveningCheckWindow", "EveningCheckWindow = null" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void InvalidSettingIsReportedByName(string property, string invalidCase)
    {
        var problem = Assert.Single(InvalidCases[invalidCase].Validate());

        Assert.Equal(property, problem.Property);
        Assert.Contains(property, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spo2ThresholdMessageNamesThePlausibleRange()
    {
        var problem = Assert.Single((AlarmThresholds.Default with { Spo2LowBelow = 120 }).Validate());

        Assert.Equal("Spo2LowBelow must be between 50 and 100 (the physically plausible SpO2 range, %).", problem.Message);
    }

    [Theory]
    [InlineData(50.0)]
    [InlineData(88.0)]
    [InlineData(100.0)]
    public void Spo2ThresholdsInThePlausibleRangeAreValid(double spo2) =>
        Assert.Empty((AlarmThresholds.Default with { Spo2LowBelow = spo2 }).Validate());

    [Fact]
    public void EveryProblemIsReportedAtOnce()
    {
        var thresholds = AlarmThresholds.Default with
        {
            Spo2LowBelow = 10,
            LateAfterMinutes = 0,
            MorningCheckWindow = new(new TimeOnly(11, 0), new TimeOnly(7, 0)),
        };

        Assert.Equal(
            ["LateAfterMinutes", "MorningCheckWindow", "Spo2LowBelow"],
            thresholds.Validate().Select(problem => problem.Property).Order(StringComparer.Ordinal));
    }

    // Clinical-rules §3 sets yellow 2 and red 3 contacts a week (004 8) but no rule ties them together.
    [Fact]
    public void YellowCadenceAboveRedCadenceIsAllowed() =>
        Assert.Empty((AlarmThresholds.Default with { ContactsPerWeekYellow = 5, ContactsPerWeekRed = 3 }).Validate());

    [Fact]
    public void ResolveWithoutOverridesGivesTheDefaults() =>
        Assert.Equal(AlarmThresholds.Default, AlarmThresholds.Resolve(AlarmThresholds.Default, null, null));

    // Clinical-rules: defaults per clinic, and a patient-level override (a COPD patient with baseline SpO2 90%).
    [Fact]
    public void PatientOverridesClinicWhichOverridesDefaults()
    {
        var clinic = new ThresholdOverrides { Spo2LowBelow = 92, FeverAbove = 38.0, DeviceSilentMinutes = 30 };
        var patient = new ThresholdOverrides { Spo2LowBelow = 88 };

        var effective = AlarmThresholds.Resolve(AlarmThresholds.Default, clinic, patient);

        Assert.Equal(88, effective.Spo2LowBelow); // patient
        Assert.Equal(38.0, effective.FeverAbove); // clinic
        Assert.Equal(30, effective.DeviceSilentMinutes); // clinic
        Assert.Equal(AlarmThresholds.Default.LateAfterMinutes, effective.LateAfterMinutes); // defaults
    }

    [Fact]
    public void PatientOverrideAppliesWithoutAClinicOverride()
    {
        var effective = AlarmThresholds.Resolve(
            AlarmThresholds.Default, null, new ThresholdOverrides { Spo2LowBelow = 90, FollowUpIntervalDays = 1 });

        Assert.Equal(90, effective.Spo2LowBelow);
        Assert.Equal(1, effective.FollowUpIntervalDays);
        Assert.Equal(38.5, effective.FeverAbove);
    }

    [Fact]
    public void ResolveStartsFromTheGivenDefaults()
    {
        var configured = AlarmThresholds.Default with { FeverAbove = 38.0 };

        Assert.Equal(38.0, AlarmThresholds.Resolve(configured, new ThresholdOverrides(), null).FeverAbove);
        Assert.Equal(38.5, AlarmThresholds.Default.FeverAbove);
    }

    [Fact]
    public void InvalidEffectiveThresholdsThrowWithTheirProblems()
    {
        var patient = new ThresholdOverrides { Spo2LowBelow = 120, EveningCheckWindow = new(new TimeOnly(23, 0), new TimeOnly(1, 0)) };

        var error = Assert.Throws<ThresholdValidationException>(
            () => AlarmThresholds.Resolve(AlarmThresholds.Default, null, patient));

        Assert.Equal(["EveningCheckWindow", "Spo2LowBelow"], error.Problems.Select(problem => problem.Property).Order(StringComparer.Ordinal));
        Assert.Contains("Spo2LowBelow must be between 50 and 100", error.Message, StringComparison.Ordinal);
    }

    // What is validated is the effective result; a clinic override is checked on its own by
    // resolving it without a patient override.
    [Fact]
    public void PatientValueCanReplaceAnInvalidClinicValue()
    {
        var clinic = new ThresholdOverrides { Spo2LowBelow = 40 };

        Assert.Throws<ThresholdValidationException>(() => AlarmThresholds.Resolve(AlarmThresholds.Default, clinic, null));
        Assert.Equal(90, AlarmThresholds.Resolve(AlarmThresholds.Default, clinic, new ThresholdOverrides { Spo2LowBelow = 90 }).Spo2LowBelow);
    }

    // Guards the one place (Resolve) that lists every setting: each override property exists on
    // AlarmThresholds with the same type, and each one takes effect.
    [Fact]
    public void EverySettingCanBeOverridden()
    {
        var thresholdProperties = typeof(AlarmThresholds).GetProperties().Where(p => p.CanWrite).ToDictionary(p => p.Name);
        var overrideProperties = typeof(ThresholdOverrides).GetProperties().Where(p => p.CanWrite).ToList();
        Assert.Equal(thresholdProperties.Keys.Order(), overrideProperties.Select(p => p.Name).Order());

        foreach (var property in overrideProperties)
        {
            var target = thresholdProperties[property.Name];
            Assert.Equal(target.PropertyType, Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);

            object changed = target.GetValue(AlarmThresholds.Default) switch
            {
                double value => value - 1,
                int value => value + 1,
                TimeWindow window => new TimeWindow(window.Start.AddMinutes(-30), window.End),
                var other => throw new InvalidOperationException($"No test value for {other?.GetType()}"),
            };
            var patient = new ThresholdOverrides();
            property.SetValue(patient, changed);

            Assert.Equal(changed, target.GetValue(AlarmThresholds.Resolve(AlarmThresholds.Default, null, patient)));
        }
    }

    [Fact]
    public void BindsFromConfigurationKeepingDefaultsForMissingKeys()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Thresholds:Spo2LowBelow"] = "92.5",
                ["Thresholds:DeviceSilentMinutes"] = "20",
                ["Thresholds:MorningCheckWindow:Start"] = "07:00",
                ["Thresholds:EveningCheckWindow:Start"] = "17:30",
                ["Thresholds:EveningCheckWindow:End"] = "21:00",
            })
            .Build();

        var bound = configuration.GetSection(AlarmThresholds.SectionName).Get<AlarmThresholds>();

        Assert.NotNull(bound);
        Assert.Equal(
            AlarmThresholds.Default with
            {
                Spo2LowBelow = 92.5,
                DeviceSilentMinutes = 20,
                MorningCheckWindow = new(new TimeOnly(7, 0), new TimeOnly(10, 0)),
                EveningCheckWindow = new(new TimeOnly(17, 30), new TimeOnly(21, 0)),
            },
            bound);
        Assert.Equal(new TimeWindow(new TimeOnly(6, 0), new TimeOnly(10, 0)), AlarmThresholds.Default.MorningCheckWindow);
    }

    [Theory]
    [InlineData("Thresholds:Spo2LowBelow", "120", "Spo2LowBelow")]
    [InlineData("Thresholds:MorningCheckWindow:Start", "11:00", "MorningCheckWindow")]
    public void HostValidationOnStartNamesTheBadSetting(string key, string value, string property)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value })
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddOptions<AlarmThresholds>()
            .BindConfiguration(AlarmThresholds.SectionName)
            .ValidateDataAnnotations()
            .Services
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<AlarmThresholds>>().Value);

        Assert.Contains(property, error.Message, StringComparison.Ordinal);
    }
}
