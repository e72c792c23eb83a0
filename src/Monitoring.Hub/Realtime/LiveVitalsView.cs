using Monitoring.Contracts.Topics;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// The latest vitals a hub's walls are shown, per patient (<see cref="PatientVitals"/>): taken from
/// this hub's grains' readings (which changed values wait to be sent), and (N hubs) from the samples
/// the other hubs' publishers sent. Owned by the <see cref="RealtimePublisher"/>'s one loop: not thread-safe.
/// Timestamps are <see cref="TimeProvider.GetTimestamp"/>'s, of which <paramref name="unitsPerMs"/> make a millisecond.
/// </summary>
internal sealed class LiveVitalsView(int keepPerPatient, long historyEvery, long unitsPerMs)
{
    private readonly Dictionary<Guid, PatientVitals> _vitals = [];
    private readonly HashSet<Guid> _pending = [];

    /// <summary>Patients with values not sent yet.</summary>
    public IReadOnlyCollection<Guid> Pending => _pending;

    public PatientVitals this[Guid patientId] => _vitals[patientId];

    /// <summary>Readings of this hub's grains: a live metric's newest value waits to be sent.</summary>
    public void Take(IReadOnlyList<AttributedReading> readings)
    {
        foreach (var reading in readings)
        {
            if (reading.Kind != DeviceTopicKind.Telemetry || !PatientVitals.IsLive(reading.Name))
            {
                continue;
            }

            if (Of(reading.PatientId, reading.ClinicId).Take(reading))
            {
                _pending.Add(reading.PatientId);
            }
        }
    }

    /// <summary>Records a sample sent at <paramref name="timestamp"/>: the patient waits no more.</summary>
    public void MarkSent(Guid patientId, long timestamp, VitalsSample sample)
    {
        _vitals[patientId].MarkSent(timestamp, sample, keepPerPatient, historyEvery, unitsPerMs);
        _pending.Remove(patientId);
    }

    /// <summary>Another hub sent this sample (the patient's grain lives there).</summary>
    public void TakeFromPeer(VitalsSample sample, Guid clinicId, long timestamp) =>
        Of(sample.PatientId, clinicId).TakeSent(sample, timestamp, keepPerPatient, historyEvery, unitsPerMs);

    /// <summary>
    /// Per patient <paramref name="scope"/> may see: the samples sent within the snapshot window (the
    /// wall's sparklines survive a reload), or, when none, the newest values (the wall shows "no data
    /// since" with the last value).
    /// </summary>
    public List<VitalsSample> Snapshot(ClinicScope scope, Func<long, bool> sentTooLongAgo)
    {
        var vitals = new List<VitalsSample>();
        foreach (var (patientId, patient) in _vitals)
        {
            if (!scope.CanSee(patient.ClinicId) || !patient.HasValues)
            {
                continue;
            }

            patient.TrimRecent(sentTooLongAgo, unitsPerMs);
            if (patient.RecentCount == 0)
            {
                vitals.Add(patient.Sample(patientId, all: true));
            }
            else
            {
                vitals.AddRange(patient.RecentSamples(patientId));
            }
        }

        return vitals;
    }

    private PatientVitals Of(Guid patientId, Guid clinicId)
    {
        if (!_vitals.TryGetValue(patientId, out var vitals))
        {
            vitals = new PatientVitals(clinicId);
            _vitals.Add(patientId, vitals);
        }

        return vitals;
    }
}
