using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>A device's assignment periods, kept as ticks, attribute a reading as [From, To) did.</summary>
public sealed class DeviceHistoryTests
{
    private static readonly Guid First = Guid.Parse("0192a000-0000-7000-8000-000000000001");
    private static readonly Guid Second = Guid.Parse("0192a000-0000-7000-8000-000000000002");
    private static readonly Guid Clinic = Guid.Parse("0192a000-0000-7000-8000-0000000000c1");
    private static readonly DateTimeOffset Handover = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static readonly DeviceHistory Device = new(
        "ox-1",
        [
            new AssignmentPeriod(First, Clinic, Handover.AddDays(-3), Handover),
            new AssignmentPeriod(Second, Clinic, Handover, null),
        ],
        LoadedAt: 0);

    [Fact]
    public void AReadingAtTheHandoverBelongsToTheNewPatientAndOneATickBeforeToTheOld()
    {
        Assert.Equal(Second, Device.At(Handover)!.PatientId);
        Assert.Equal(First, Device.At(Handover.AddTicks(-1))!.PatientId);
    }

    [Fact]
    public void ReadingsBeforeTheFirstPeriodBelongToNoOneAndTheOpenPeriodHasNoEnd()
    {
        Assert.Null(Device.At(Handover.AddDays(-3).AddTicks(-1)));
        Assert.Equal(Second, Device.At(DateTimeOffset.MaxValue)!.PatientId);
        Assert.Null(Device.History[1].To);
    }

    [Fact]
    public void TimesInAnotherOffsetAreComparedAsTheSameInstant()
    {
        var handoverInShanghai = Handover.ToOffset(TimeSpan.FromHours(8));

        Assert.Equal(Second, Device.At(handoverInShanghai)!.PatientId);
        Assert.Equal((Handover.AddDays(-3), (DateTimeOffset?)Handover), (Device.History[0].From, Device.History[0].To));
    }
}
