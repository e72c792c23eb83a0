using Monitoring.FirmwareSim.Timing;

namespace Monitoring.FirmwareSim.Engine;

/// <summary>One scripted action at a story time; it receives an instant whose story time is exactly <see cref="Story"/>.</summary>
public sealed record TimelineEntry(DateTimeOffset Story, string Description, Func<SimInstant, CancellationToken, Task> Action);
