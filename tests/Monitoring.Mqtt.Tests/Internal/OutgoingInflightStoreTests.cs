using Monitoring.Mqtt.Internal;

namespace Monitoring.Mqtt.Tests.Internal;

public sealed class OutgoingInflightStoreTests
{
    [Fact]
    public void IdentifiersStartAtOneAndIncrease()
    {
        var store = new OutgoingInflightStore();

        Assert.Equal([1, 2, 3], Enumerable.Range(0, 3).Select(_ => Add(store).PacketId));
    }

    [Fact]
    public void IdentifiersWrapAfter65535AndSkipThoseStillInUse()
    {
        var store = new OutgoingInflightStore();
        var first = Add(store);
        var second = Add(store);
        for (var i = 3; i <= ushort.MaxValue; i++)
        {
            Assert.True(store.TryRemove(Add(store)));
        }

        // 1 and 2 are still in flight: the wrap skips them.
        Assert.Equal(3, Add(store).PacketId);
        Assert.True(store.TryRemove(first));
        Assert.Equal(4, Add(store).PacketId);
        Assert.Equal(2, second.PacketId);
    }

    [Fact]
    public void AFreedIdentifierIsReusedOnlyAfterTheOthers()
    {
        var store = new OutgoingInflightStore();
        var first = Add(store);
        store.TryRemove(first);

        Assert.Equal(2, Add(store).PacketId);
    }

    [Fact]
    public void AllIdentifiersInUseRefusesMore()
    {
        var store = new OutgoingInflightStore();
        for (var i = 0; i < ushort.MaxValue; i++)
        {
            Add(store);
        }

        Assert.False(store.TryAdd(new OutgoingPublish(new MqttApplicationMessage("t", default))));
        Assert.Equal(ushort.MaxValue, store.Count);
    }

    [Fact]
    public void RemovalHappensOncePerOperation()
    {
        var store = new OutgoingInflightStore();
        var operation = Add(store);

        Assert.True(store.TryRemove(operation));
        Assert.False(store.TryRemove(operation));
        var reuser = Add(store);
        operation.PacketId = reuser.PacketId;
        Assert.False(store.TryRemove(operation));
    }

    [Fact]
    public void SnapshotListsOperationsInRegistrationOrderAcrossTheWrap()
    {
        var store = new OutgoingInflightStore();
        for (var i = 1; i < ushort.MaxValue - 1; i++)
        {
            store.TryRemove(Add(store));
        }

        var registered = Enumerable.Range(0, 5).Select(_ => Add(store)).ToList();

        Assert.Equal([65534, 65535, 1, 2, 3], registered.Select(o => (int)o.PacketId));
        Assert.Equal(registered, store.Snapshot());
    }

    private static OutgoingPublish Add(OutgoingInflightStore store)
    {
        var operation = new OutgoingPublish(new MqttApplicationMessage("t", default, MqttQualityOfService.AtLeastOnce));
        Assert.True(store.TryAdd(operation));
        return operation;
    }
}
