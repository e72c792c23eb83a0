using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Auth.Sessions;

/// <summary>
/// Brings revocations made on other hubs (or by an operator in SQL) into this hub's
/// <see cref="SessionRevocations"/>: every Auth:SessionRefreshInterval one indexed query for
/// sessions revoked since the last poll. Polling rather than LISTEN/NOTIFY: one short query per
/// interval and hub, no dedicated connection to keep alive and re-listen after a failover, and a
/// missed poll is caught up by the next (it asks "since", not "what is new").
/// </summary>
public sealed partial class SessionRevocationPoller(
    SessionStore store, SessionRevocations revocations, IOptions<AuthOptions> options, TimeProvider time, ILogger<SessionRevocationPoller> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? since = null;
        using var timer = new PeriodicTimer(options.Value.SessionRefreshInterval, time);
        try
        {
            do
            {
                try
                {
                    var (now, revoked) = await store.RevokedSinceAsync(since, stoppingToken);
                    foreach (var group in revoked.GroupBy(r => r.EndReason!.Value))
                    {
                        revocations.Ended([.. group.Select(r => r.Id)], group.Key);
                    }

                    revocations.ForgetExpired();
                    since = now;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OutOfMemoryException)
                {
                    // The next poll asks from the same point, so nothing is missed, only late.
                    LogPollFailed(logger, ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading revoked sessions failed; retrying at the next interval")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
