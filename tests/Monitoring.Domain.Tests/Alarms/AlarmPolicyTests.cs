using Monitoring.Domain.Alarms;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.Tests.Alarms;

public sealed class AlarmPolicyTests
{
    [Fact]
    public void DefaultLadderIsTheThresholdsEscalationAndReminder()
    {
        var policy = AlarmPolicy.FromThresholds(AlarmThresholds.Default);

        Assert.Equal([new EscalationStep(2, EscalationStep.DefaultNotifyLevel)], policy.Escalation);
        Assert.Equal(TimeSpan.FromMinutes(5), policy.ReminderEvery);
        Assert.Equal(TimeSpan.FromMinutes(10), policy.AutoResolveAfter);
    }

    [Fact]
    public void ClinicLadderIsKeptInOrderOfTime()
    {
        var policy = AlarmPolicy.FromThresholds(
            AlarmThresholds.Default,
            [new EscalationStep(15, "director"), new EscalationStep(3, "supervisor"), new EscalationStep(8, "doctor_on_call")]);

        Assert.Equal([3, 8, 15], policy.Escalation.Select(step => step.AfterMinutes));
    }

    [Fact]
    public void EmptyLadderMeansRemindersOnly() =>
        Assert.Empty(AlarmPolicy.FromThresholds(AlarmThresholds.Default, []).Escalation);

    [Theory]
    [InlineData(-1, "supervisor")]
    [InlineData(2, "")]
    [InlineData(2, " ")]
    public void InvalidStepIsRefused(int afterMinutes, string level) =>
        Assert.Throws<ArgumentException>(() => AlarmPolicy.FromThresholds(AlarmThresholds.Default, [new EscalationStep(afterMinutes, level)]));

    [Fact]
    public void DurationsMustBePositive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlarmPolicy(TimeSpan.Zero, [], TimeSpan.FromMinutes(5)));
}
