namespace Monitoring.Hub.Ingestion;

/// <summary>
/// One period [From, To) during which a device was on a patient; To null while it still is.
/// The hub holds one per registered device (10,000s), so it is kept small: the times as UTC ticks
/// (an open period ends at <see cref="long.MaxValue"/>), and no tag strings (<see cref="ReadingLines"/>
/// writes the ids straight into the line): 64 bytes, was 104 plus two 36-character strings (96 bytes each).
/// </summary>
public sealed class AssignmentPeriod(Guid patientId, Guid clinicId, DateTimeOffset from, DateTimeOffset? to)
{
    private readonly long _fromTicks = from.UtcTicks;
    private readonly long _toTicks = to?.UtcTicks ?? long.MaxValue;

    public Guid PatientId { get; } = patientId;

    public Guid ClinicId { get; } = clinicId;

    public DateTimeOffset From => new(_fromTicks, TimeSpan.Zero);

    public DateTimeOffset? To => _toTicks == long.MaxValue ? null : new DateTimeOffset(_toTicks, TimeSpan.Zero);

    public bool Covers(DateTimeOffset time) => time.UtcTicks >= _fromTicks && time.UtcTicks < _toTicks;
}
