using System.Collections.Concurrent;
using Monitoring.Hub.FollowUps;

namespace Monitoring.Hub.Tests.FollowUps;

/// <summary>Temperature readings a test says were taken (instead of InfluxDB).</summary>
public sealed class FakeTemperatureReadings : ITemperatureReadings
{
    private readonly ConcurrentBag<(Guid ClinicId, Guid PatientId, DateTimeOffset At)> _readings = [];

    public void Add(Guid clinicId, Guid patientId, DateTimeOffset at) => _readings.Add((clinicId, patientId, at));

    public Task<IReadOnlySet<Guid>> PatientsWithReadingAsync(Guid clinicId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<Guid>>(_readings
            .Where(r => r.ClinicId == clinicId && r.At >= from && r.At < to)
            .Select(r => r.PatientId)
            .ToHashSet());
}
