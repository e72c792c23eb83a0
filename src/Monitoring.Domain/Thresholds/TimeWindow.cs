namespace Monitoring.Domain.Thresholds;

/// <summary>
/// A daily window in clinic local time, start inclusive and end exclusive. It does not cross
/// midnight: <see cref="AlarmThresholds.Validate"/> requires <see cref="Start"/> before <see cref="End"/>.
/// </summary>
public sealed record TimeWindow(TimeOnly Start, TimeOnly End)
{
    public bool Contains(TimeOnly time) => time >= Start && time < End;

    public override string ToString() => $"{Start:HH\\:mm}-{End:HH\\:mm}";
}
