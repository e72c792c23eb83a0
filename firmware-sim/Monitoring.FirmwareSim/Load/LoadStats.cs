namespace Monitoring.FirmwareSim.Load;

/// <summary>Counters shared by the load connections (thread-safe).</summary>
public sealed class LoadStats
{
    private long _sent;
    private long _acked;
    private long _failed;

    public long Sent => Interlocked.Read(ref _sent);

    public long Acked => Interlocked.Read(ref _acked);

    public long Failed => Interlocked.Read(ref _failed);

    public void OnSent() => Interlocked.Increment(ref _sent);

    public void OnAcked() => Interlocked.Increment(ref _acked);

    public void OnFailed() => Interlocked.Increment(ref _failed);
}
