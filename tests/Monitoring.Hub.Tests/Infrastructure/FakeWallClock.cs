using Microsoft.Extensions.Time.Testing;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>
/// What a hub under test gets as its <see cref="TimeProvider"/>: "now" from the test's
/// <see cref="FakeTimeProvider"/>, so clinical time (delays, escalations, sweeps) moves only when the
/// test advances it, while timers and timestamps stay real. The hub's own loops (retry waits, periodic
/// pushes, lingering batches) run on those timers; freezing them too would stop the very pipeline the
/// test drives.
/// </summary>
public sealed class FakeWallClock(FakeTimeProvider now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.GetUtcNow();
}
