using Monitoring.FirmwareSim.Devices;

namespace Monitoring.FirmwareSim.Hub;

/// <summary>
/// Puts the simulated world into the hub: a clinic (found by name or created), then per patient
/// the patient, its devices (the hub creates their broker accounts), the assignments and the
/// start of home treatment, in the order the API requires.
/// </summary>
public sealed class HubRegistrar(HubClient hub)
{
    public async Task<HubClinic> EnsureClinicAsync(string name, string timeZone, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var existing = await FindClinicAsync(name, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        try
        {
            return await hub.CreateClinicAsync(name, timeZone, cancellationToken);
        }
        catch (HubApiException ex) when (ex.Status == System.Net.HttpStatusCode.Conflict)
        {
            // Another run created it meanwhile.
            var created = await FindClinicAsync(name, cancellationToken);
            if (created is null)
            {
                throw;
            }

            return created;
        }
    }

    /// <summary>Registers the patient and its devices, assigns them and (optionally) starts home treatment.</summary>
    public async Task<RegisteredPatient> RegisterAsync(
        Guid clinicId, PatientSpec spec, IReadOnlyList<(string Id, DeviceKind Kind)> devices, bool startEpisode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(devices);
        var patient = await hub.CreatePatientAsync(spec.ForClinic(clinicId), cancellationToken);
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, kind) in devices)
        {
            var registration = await hub.RegisterDeviceAsync(id, DeviceKinds.WireName(kind), clinicId, cancellationToken);
            secrets[id] = registration.Secret;
            await hub.AssignDeviceAsync(id, patient.Id, cancellationToken);
        }

        if (startEpisode)
        {
            await hub.StartEpisodeAsync(patient.Id, null, cancellationToken);
        }

        return new RegisteredPatient(patient, secrets);
    }

    private async Task<HubClinic?> FindClinicAsync(string name, CancellationToken cancellationToken)
    {
        var clinics = await hub.ListClinicsAsync(cancellationToken);
        return clinics.FirstOrDefault(c => string.Equals(c.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
