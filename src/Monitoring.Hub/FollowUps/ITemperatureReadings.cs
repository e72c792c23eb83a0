namespace Monitoring.Hub.FollowUps;

/// <summary>Which patients of a clinic have a temperature reading taken in a time range.</summary>
public interface ITemperatureReadings
{
    Task<IReadOnlySet<Guid>> PatientsWithReadingAsync(Guid clinicId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}
