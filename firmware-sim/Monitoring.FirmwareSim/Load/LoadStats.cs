namespace Monitoring.FirmwareSim.Load;

/// <summary>Counters shared by the load connections (thread-safe).</summary>
public sealed class LoadStats
{
    private long _sent;
    private long _acked;
    private long _failed;
    private string? _firstFailure;

    public long Sent => Interlocked.Read(ref _sent);

    public long Acked => Interlocked.Read(ref _acked);

    public long Failed => Interlocked.Read(ref _failed);

    public void OnSent() => Interlocked.Increment(ref _sent);

    public void OnAcked() => Interlocked.Increment(ref _acked);

    /// <summary>Why the first message failed (e.g. the broker's reason code), so a run that fails says why once.</summary>
    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    public void OnFailed(Exception? reason = null)
    {
        Interlocked.Increment(ref _failed);
        if (reason is not null)
        {
            Interlocked.CompareExchange(ref _firstFailure, reason.Message, null);
        }
    }
}
