using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Tests.Thresholds;

public sealed class TimeWindowTests
{
    // 003_b7fae3b13c0d2460.txt, 新冠病毒感染者居家治疗指南 三(二)1: 每天早、晚各进行1次体温测量; default morning 06:00-10:00.
    [Theory]
    [InlineData("05:59", false)]
    [InlineData("06:00", true)]
    [InlineData("09:59", true)]
    [InlineData("10:00", false)]
    public void WindowIncludesItsStartAndExcludesItsEnd(string time, bool inside) =>
        Assert.Equal(inside, AlarmThresholds.Default.MorningCheckWindow.Contains(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void WindowPrintsAsStartDashEnd() =>
        Assert.Equal("18:00-22:00", AlarmThresholds.Default.EveningCheckWindow.ToString());
}
