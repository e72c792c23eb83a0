namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// A clock the test moves by hand (Microsoft.Extensions.TimeProvider.Testing is absent here).
/// Only "now" is faked; timers are not needed by the registry.
/// </summary>
public sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
