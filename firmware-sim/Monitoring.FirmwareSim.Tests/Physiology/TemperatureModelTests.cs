using Monitoring.FirmwareSim.Physiology;

namespace Monitoring.FirmwareSim.Tests.Physiology;

public sealed class TemperatureModelTests
{
    // 2026-01-10 00:00 in Shanghai (UTC+8).
    private static readonly DateTimeOffset LocalMidnight = new(2026, 1, 10, 0, 0, 0, TimeSpan.FromHours(8));
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public void NormalTemperatureIsLowestBeforeDawnAndHighestInTheEarlyEvening()
    {
        var model = new TemperatureModel(36.6, Shanghai);
        var day = Enumerable.Range(0, 48).Select(i => (Hour: i / 2.0, Celsius: model.CoreAt(LocalMidnight + TimeSpan.FromMinutes(30 * i)))).ToList();

        var earlyMorning = day.Where(x => x.Hour is >= 4 and < 6.5).Average(x => x.Celsius);
        var evening = day.Where(x => x.Hour is >= 17 and < 19.5).Average(x => x.Celsius);
        Assert.True(evening - earlyMorning >= 0.4, $"evening {evening:0.00}, early morning {earlyMorning:0.00}");
        Assert.InRange(day.MinBy(x => x.Celsius).Hour, 3, 9);
        Assert.InRange(day.MaxBy(x => x.Celsius).Hour, 15, 21);
        Assert.All(day, x => Assert.InRange(x.Celsius, 36.0, 37.2));
    }

    [Fact]
    public void AScriptedFourDayFeverStaysAbove38Point5ForMoreThan72HoursByTheClinicalRule()
    {
        // Persistent high fever (clinical-rules §2; 003 居家治疗指南 三(二)2(2)): the episode starts at the
        // first reading above 38.5 and goes on while every clinic-local calendar day has one.
        var model = new TemperatureModel(36.6, Shanghai);
        var onset = LocalMidnight + TimeSpan.FromHours(6);
        model.AddFever(new FeverCourse(onset, 39.4, TimeSpan.FromHours(8), TimeSpan.FromDays(4), TimeSpan.FromHours(14)));
        for (var dose = onset + TimeSpan.FromHours(8); dose < onset + TimeSpan.FromDays(4.5); dose += TimeSpan.FromHours(8))
        {
            model.AddAntipyretic(new AntipyreticDose(dose));
        }

        var readings = Enumerable.Range(0, 6 * 48)
            .Select(i => LocalMidnight + TimeSpan.FromMinutes(30 * i))
            .Select(t => (Time: t, Celsius: Math.Round(model.CoreAt(t), 1)))
            .ToList();
        var febrile = readings.Where(r => r.Celsius > 38.5).ToList();
        var first = febrile[0].Time;
        var last = febrile[^1].Time;

        Assert.True(last - first > TimeSpan.FromHours(72), $"fever from {first:O} to {last:O}");
        for (var day = DateOnly.FromDateTime(first.DateTime); day <= DateOnly.FromDateTime(last.DateTime); day = day.AddDays(1))
        {
            var that = day;
            Assert.Contains(febrile, r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(r.Time, Shanghai).DateTime) == that);
        }

        // Antipyretics make single normal readings common inside the episode.
        Assert.Contains(readings, r => r.Time > first && r.Time < last && r.Celsius <= 38.5);
        Assert.All(readings, r => Assert.InRange(r.Celsius, 35.5, 41));
    }

    [Fact]
    public void AnAntipyreticLowersTheFeverForSomeHoursAndWearsOff()
    {
        var onset = LocalMidnight;
        var fever = new FeverCourse(onset, 39.5, TimeSpan.FromHours(4), TimeSpan.FromDays(2), TimeSpan.FromHours(12));
        var untreated = new TemperatureModel(36.6, Shanghai);
        var treated = new TemperatureModel(36.6, Shanghai);
        untreated.AddFever(fever);
        treated.AddFever(fever);
        var dose = onset + TimeSpan.FromHours(10);
        treated.AddAntipyretic(new AntipyreticDose(dose));

        Assert.Equal(untreated.CoreAt(dose - TimeSpan.FromMinutes(1)), treated.CoreAt(dose - TimeSpan.FromMinutes(1)));
        var relief = untreated.CoreAt(dose + TimeSpan.FromHours(2)) - treated.CoreAt(dose + TimeSpan.FromHours(2));
        Assert.InRange(relief, 1.0, 1.6);
        Assert.True(treated.CoreAt(dose + TimeSpan.FromHours(2)) < 38.5);
        Assert.True(untreated.CoreAt(dose + TimeSpan.FromHours(12)) - treated.CoreAt(dose + TimeSpan.FromHours(12)) < 0.01);
    }

    [Fact]
    public void AnAntipyreticWithoutFeverChangesNothing()
    {
        var plain = new TemperatureModel(36.6, Shanghai);
        var dosed = new TemperatureModel(36.6, Shanghai);
        dosed.AddAntipyretic(new AntipyreticDose(LocalMidnight));

        for (var h = 0; h < 12; h++)
        {
            var t = LocalMidnight + TimeSpan.FromHours(h);
            Assert.Equal(plain.CoreAt(t), dosed.CoreAt(t));
        }
    }

    [Fact]
    public void AFeverRisesPlateausAndBreaks()
    {
        var model = new TemperatureModel(36.6, Shanghai);
        var onset = LocalMidnight;
        model.AddFever(new FeverCourse(onset, 39.0, TimeSpan.FromHours(6), TimeSpan.FromHours(24), TimeSpan.FromHours(12)));

        Assert.InRange(model.FeverExcessAt(onset + TimeSpan.FromHours(3)), 0.8, 1.6);
        Assert.InRange(model.FeverExcessAt(onset + TimeSpan.FromHours(18)), 2.2, 2.6);
        Assert.Equal(0, model.FeverExcessAt(onset + TimeSpan.FromHours(43)));
        Assert.True(model.CoreAt(onset + TimeSpan.FromHours(48)) < 37.3);
    }
}
