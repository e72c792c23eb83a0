using System.Text.Json;
using Monitoring.Hub.Api;
using Monitoring.Hub.Realtime;
using StackExchange.Redis;

namespace Monitoring.Hub.Redis;

/// <summary>
/// Hears the other hubs' realtime view changes (<see cref="RedisRealtimePeers"/>) and hands them, in
/// their order, to this hub's <see cref="RealtimePublisher"/>, which applies them to its view without
/// sending (their origin sent them to the SignalR groups, which the backplane spreads). Subscribes as
/// soon as the backplane connects; StackExchange.Redis re-subscribes after a lost connection.
/// </summary>
internal sealed partial class RedisPeerListener(
    RedisBackplane backplane, RedisRealtimePeers peers, RealtimePublisher publisher, TimeProvider time, ILogger<RedisPeerListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ChannelMessageQueue? queue = null;
        for (var attempt = 1; queue is null; attempt++)
        {
            try
            {
                var connection = await backplane.ConnectedAsync.WaitAsync(stoppingToken);
                queue = await connection.GetSubscriber().SubscribeAsync(RedisRealtimePeers.Channel);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogSubscribeFailed(logger, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, attempt)), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        peers.MarkJoined();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var message = await queue.ReadAsync(stoppingToken);
                RedisRealtimePeers.PeerMessage? peer;
                try
                {
                    peer = JsonSerializer.Deserialize<RedisRealtimePeers.PeerMessage>((byte[])message.Message!, ApiJson.Options);
                }
                catch (JsonException ex)
                {
                    LogUnreadable(logger, ex.Message);
                    continue;
                }

                if (peer is not null && peer.Origin != peers.Origin)
                {
                    await publisher.FromPeerAsync(peer.Change, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await queue.UnsubscribeAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot subscribe to the other hubs' realtime views yet (retrying): {Reason}")]
    private static partial void LogSubscribeFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an unreadable realtime view change from another hub: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string reason);
}
