namespace Monitoring.Hub.Database;

/// <summary>
/// PostgreSQL keeps times to the microsecond. Taking "now" at that precision makes an answer, its
/// audit row and a later read of the same row show the same instant.
/// </summary>
public static class StoredTime
{
    public static DateTimeOffset GetStoredUtcNow(this TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Truncate(time.GetUtcNow());
    }

    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % (TimeSpan.TicksPerMillisecond / 1000)), TimeSpan.Zero);
}
