using Microsoft.Extensions.DependencyInjection;
using Monitoring.Domain.FollowUps;
using Monitoring.Domain.Thresholds;
using Monitoring.Hub.FollowUps;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>
/// The temperature source of the missed-check sweep against the real InfluxDB: points written in the
/// contract's schema (measurement <c>vitals</c>, tags clinic, patient, device, float field <c>temp</c>,
/// the reading's own time) inside a clinic-local window are found, outside it or of another patient,
/// clinic or metric they are not.
/// </summary>
public sealed class InfluxTemperatureReadingsTests(InfluxReadingsFixture hub) : IClassFixture<InfluxReadingsFixture>
{
    private static readonly TimeWindow Morning = new(new TimeOnly(6, 0), new TimeOnly(10, 0));
    private static readonly DateOnly Date = new(2026, 11, 23);

    private static string Line(Guid clinic, Guid patient, string field, double value, DateTimeOffset at) =>
        FormattableString.Invariant($"vitals,clinic={clinic},device=th-{patient.ToString()[..8]},patient={patient} {field}={value} {at.ToUnixTimeMilliseconds()}");

    private Task<IReadOnlySet<Guid>> MeasuredAsync(Guid clinic, CheckWindow window) =>
        hub.Factory.Services.GetRequiredService<ITemperatureReadings>().PatientsWithReadingAsync(clinic, window.Start, window.End, TestContext.Current.CancellationToken);

    [Fact]
    public async Task ReadingsInsideTheClinicLocalWindowAreFoundPerPatientAndClinic()
    {
        Assert.IsType<InfluxTemperatureReadings>(hub.Factory.Services.GetRequiredService<ITemperatureReadings>());
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var window = TemperatureCheckWindows.On(Date, CheckWindowPeriod.Morning, Morning, shanghai); // 22:00-02:00 UTC
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 22, 0, 0, TimeSpan.Zero), window.Start);
        var clinic = Guid.NewGuid();
        var otherClinic = Guid.NewGuid();
        var atStart = Guid.NewGuid();
        var lastMillisecond = Guid.NewGuid();
        var atEnd = Guid.NewGuid();
        var before = Guid.NewGuid();
        var oximeterOnly = Guid.NewGuid();
        var elsewhere = Guid.NewGuid();
        await hub.Influx.WriteAsync(string.Join('\n',
            Line(clinic, atStart, "temp", 36.6, window.Start), // 06:00 local: the window includes its start
            Line(clinic, lastMillisecond, "temp", 37.1, window.End.AddMilliseconds(-1)),
            Line(clinic, atEnd, "temp", 36.9, window.End), // 10:00 local: the window excludes its end
            Line(clinic, before, "temp", 36.8, window.Start.AddMilliseconds(-1)),
            Line(clinic, before, "temp", 36.8, window.End.AddHours(1)),
            Line(clinic, oximeterOnly, "spo2", 97, window.Start.AddHours(1)), // in the window, but no temperature
            Line(otherClinic, elsewhere, "temp", 36.5, window.Start.AddHours(2))));

        Assert.Equal(new HashSet<Guid> { atStart, lastMillisecond }, await MeasuredAsync(clinic, window));
        Assert.Equal(new HashSet<Guid> { elsewhere }, await MeasuredAsync(otherClinic, window));
        Assert.Empty(await MeasuredAsync(Guid.NewGuid(), window));
    }

    [Fact]
    public async Task TheSameCalendarWindowIsADifferentInstantRangeInEachClinicsTimeZone()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var londonMorning = TemperatureCheckWindows.On(Date, CheckWindowPeriod.Morning, Morning, london); // 06:00-10:00 UTC in November
        var shanghaiMorning = TemperatureCheckWindows.On(Date, CheckWindowPeriod.Morning, Morning, shanghai);
        var clinic = Guid.NewGuid();
        var patient = Guid.NewGuid();
        await hub.Influx.WriteAsync(Line(clinic, patient, "temp", 36.7, new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero))); // 08:00 London, 16:00 Shanghai

        Assert.Equal(new HashSet<Guid> { patient }, await MeasuredAsync(clinic, londonMorning));
        Assert.Empty(await MeasuredAsync(clinic, shanghaiMorning));
        Assert.Empty(await MeasuredAsync(clinic, TemperatureCheckWindows.On(Date, CheckWindowPeriod.Evening, new TimeWindow(new TimeOnly(18, 0), new TimeOnly(22, 0)), london)));
    }
}
