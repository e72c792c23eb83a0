using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Hub.Influx;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Tests.Ingestion;

/// <summary>
/// The order in which parsed messages go to the alarm engine: oldest first, except that a patient
/// with an urgent reading has all its waiting messages taken first, in their own order.
/// </summary>
public sealed class HandOffLanesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid Alice = Guid.CreateVersion7();
    private static readonly Guid Bob = Guid.CreateVersion7();
    private static readonly Guid Carol = Guid.CreateVersion7();

    [Fact]
    public async Task WithoutAnUrgentReadingMessagesAreTakenOldestFirstAFullBatchAtATime()
    {
        var lanes = new HandOffLanes(100);
        for (var i = 0; i < 5; i++)
        {
            await lanes.AddAsync(Message(i % 2 == 0 ? Alice : Bob, 97 - i), TestContext.Current.CancellationToken);
        }

        var first = await lanes.TakeAsync(3, TestContext.Current.CancellationToken);
        var second = await lanes.TakeAsync(3, TestContext.Current.CancellationToken);

        Assert.Equal(new double[] { 97, 96, 95 }, Values(first));
        Assert.Equal(new double[] { 94, 93 }, Values(second));
        Assert.Equal(0, lanes.Count);
    }

    [Fact]
    public async Task ADesaturationTakesItsPatientsWaitingMessagesAheadOfOtherPatientsBacklogInTheirOwnOrder()
    {
        var lanes = new HandOffLanes(100);
        await lanes.AddAsync(Message(Alice, 97), TestContext.Current.CancellationToken);
        await lanes.AddAsync(Message(Bob, 96), TestContext.Current.CancellationToken);
        await lanes.AddAsync(Message(Carol, 95), TestContext.Current.CancellationToken);
        await lanes.AddAsync(Message(Bob, 94), TestContext.Current.CancellationToken);
        await lanes.AddAsync(Message(Alice, 98), TestContext.Current.CancellationToken);
        await lanes.AddAsync(Message(Bob, 88), TestContext.Current.CancellationToken);

        var first = await lanes.TakeAsync(4, TestContext.Current.CancellationToken);
        var second = await lanes.TakeAsync(4, TestContext.Current.CancellationToken);

        // Bob's three messages first, in arrival order (the grain evaluates them in that order), then the oldest others.
        Assert.Equal(new double[] { 96, 94, 88, 97 }, Values(first));
        Assert.Equal(new double[] { 95, 98 }, Values(second));
    }

    [Fact]
    public async Task UrgentPatientsGoFirstEvenBeyondTheBatchSize()
    {
        var lanes = new HandOffLanes(100);
        await lanes.AddAsync(Message(Alice, 97), TestContext.Current.CancellationToken);
        await lanes.AddAsync(Message(Bob, 96), TestContext.Current.CancellationToken);
        await lanes.AddAsync(Message(Bob, 91), TestContext.Current.CancellationToken);
        await lanes.AddAsync(Message(Carol, 90), TestContext.Current.CancellationToken);

        var first = await lanes.TakeAsync(2, TestContext.Current.CancellationToken);

        Assert.Equal(new double[] { 96, 91, 90 }, Values(first));
        Assert.Equal(new double[] { 97 }, Values(await lanes.TakeAsync(2, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task AMessageWithTwoPatientsReadingsTiesThemSoNeitherIsReordered()
    {
        var lanes = new HandOffLanes(100);
        await lanes.AddAsync(Message(Carol, 97), TestContext.Current.CancellationToken);
        await lanes.AddAsync(Message(Alice, 96), TestContext.Current.CancellationToken);
        // A device's backlog spanning its hand-over from Alice to Bob.
        await lanes.AddAsync(Prepared(Reading(Alice, 95), Reading(Bob, 94)), TestContext.Current.CancellationToken);
        await lanes.AddAsync(Message(Carol, 98), TestContext.Current.CancellationToken);
        await lanes.AddAsync(Message(Bob, 89), TestContext.Current.CancellationToken);

        var first = await lanes.TakeAsync(3, TestContext.Current.CancellationToken);

        // Bob is urgent; the shared message ties Alice to him, so Alice's earlier message goes too.
        Assert.Equal(new double[] { 96, 95, 94, 89 }, Values(first));
        Assert.Equal(new double[] { 97, 98 }, Values(await lanes.TakeAsync(3, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task AnUrgentMessageAddedWhileTheHandOffWaitsIsTakenAtOnce()
    {
        var lanes = new HandOffLanes(100);
        var take = lanes.TakeAsync(10, TestContext.Current.CancellationToken).AsTask();
        Assert.False(take.IsCompleted);

        await lanes.AddAsync(Message(Bob, 90), TestContext.Current.CancellationToken);

        Assert.Equal(new double[] { 90 }, Values(await take));
    }

    [Fact]
    public async Task AddingWaitsWhileTheLanesAreFullAndGoesOnOnceTheHandOffTakesSome()
    {
        var lanes = new HandOffLanes(2);
        await lanes.AddAsync(Message(Alice, 97), TestContext.Current.CancellationToken);
        await lanes.AddAsync(Message(Alice, 96), TestContext.Current.CancellationToken);

        var third = lanes.AddAsync(Message(Alice, 95), TestContext.Current.CancellationToken).AsTask();
        Assert.False(third.IsCompleted);

        Assert.Equal(new double[] { 97 }, Values(await lanes.TakeAsync(1, TestContext.Current.CancellationToken)));
        await third;
        Assert.Equal(new double[] { 96, 95 }, Values(await lanes.TakeAsync(5, TestContext.Current.CancellationToken)));
    }

    private static double[] Values(List<PreparedMessage> taken) => [.. taken.SelectMany(m => m.Readings).Select(r => r.Value)];

    /// <summary>One patient's SpO2 message; below 93 % it is urgent.</summary>
    private static PreparedMessage Message(Guid patientId, double spo2) => Prepared(Reading(patientId, spo2));

    private static PreparedMessage Prepared(params AttributedReading[] readings)
    {
        List<AttributedReading> list = [.. readings];
        // The lanes never touch the MQTT message or its InfluxDB lines: only their order is tested here.
        return new PreparedMessage(null!, list, new InfluxWriteItem(ReadOnlyMemory<byte>.Empty, 0, null), UrgentReadings.AnyUrgent(list));
    }

    private static AttributedReading Reading(Guid patientId, double spo2) =>
        new("ox-1", patientId, Guid.Empty, DeviceTopicKind.Telemetry, "spo2", SenmlValueKind.Number, spo2, null, false, At, At);
}
