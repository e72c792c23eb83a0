namespace Monitoring.FirmwareSim.Timing;

/// <summary>Maps the real clock to the story clock: story = storyStart + (wall − wallStart) × timeScale.</summary>
public sealed class TimeMapping
{
    public const double MaxTimeScale = 1_000_000;

    public TimeMapping(DateTimeOffset wallStart, double timeScale, DateTimeOffset? storyStart = null)
    {
        if (!double.IsFinite(timeScale) || timeScale <= 0 || timeScale > MaxTimeScale)
        {
            throw new ArgumentOutOfRangeException(nameof(timeScale), timeScale, $"The time scale must be above 0 and at most {MaxTimeScale}.");
        }

        WallStart = wallStart;
        StoryStart = storyStart ?? wallStart;
        TimeScale = timeScale;
    }

    public DateTimeOffset WallStart { get; }

    public DateTimeOffset StoryStart { get; }

    public double TimeScale { get; }

    public DateTimeOffset StoryAt(DateTimeOffset wall) =>
        StoryStart.AddTicks((long)Math.Round((wall - WallStart).Ticks * TimeScale));

    public DateTimeOffset WallAt(DateTimeOffset story) =>
        WallStart.AddTicks((long)Math.Round((story - StoryStart).Ticks / TimeScale));

    /// <summary>A story duration as real time.</summary>
    public TimeSpan ToWall(TimeSpan story) => TimeSpan.FromTicks((long)Math.Round(story.Ticks / TimeScale));

    public SimInstant At(DateTimeOffset wall) => new(wall, StoryAt(wall));

    /// <summary>How far into the story an instant is, for logs and dry-run output.</summary>
    public TimeSpan StoryElapsed(SimInstant at) => at.Story - StoryStart;
}
