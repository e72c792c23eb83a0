using System.Text.Json;
using Monitoring.Hub.Api;
using Monitoring.Hub.Realtime;
using StackExchange.Redis;

namespace Monitoring.Hub.Redis;

/// <summary>
/// The other hubs' realtime views over a Redis pub/sub channel on the backplane's own connection
/// (<c>{Redis:ChannelPrefix}:signalr:realtime-views</c>): what this hub's publisher sent is published
/// there, tagged with this process's origin, and <see cref="RedisPeerListener"/> hands what the
/// others published to the publisher. Fire and forget on one connection: in order, never waiting.
/// </summary>
internal sealed class RedisRealtimePeers(RedisBackplane backplane) : IRealtimePeers
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("realtime-views");

    private readonly TaskCompletionSource _joined = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>This process; its own messages come back on the channel and are skipped.</summary>
    public Guid Origin { get; } = Guid.NewGuid();

    public Task Joined => _joined.Task;

    internal void MarkJoined() => _joined.TrySetResult();

    public void Share(PeerViewChange change)
    {
        if (backplane.Connection is not { IsConnected: true } connection)
        {
            return;
        }

        var message = JsonSerializer.SerializeToUtf8Bytes(new PeerMessage(Origin, change), ApiJson.Options);
        connection.GetSubscriber().Publish(Channel, message, CommandFlags.FireAndForget);
    }

    internal sealed record PeerMessage(Guid Origin, PeerViewChange Change);
}
