namespace Monitoring.FirmwareSim.Timing;

/// <summary>
/// One moment on the simulator's two clocks. <see cref="Wall"/> is the real clock: readings are
/// stamped with it, because the hub accepts only readings taken after the device's assignment and
/// not ahead of its own clock. <see cref="Story"/> is the compressed clinical clock (fever courses,
/// trends, battery, scripted events), running <see cref="TimeMapping.TimeScale"/> times faster.
/// </summary>
public readonly record struct SimInstant(DateTimeOffset Wall, DateTimeOffset Story);
