using System.Text.Json;

namespace Monitoring.Domain.Alarms;

/// <summary>
/// Reads a stored <see cref="PatientRuleState"/> of any version this code knows, migrating it to
/// <see cref="PatientRuleState.CurrentVersion"/>: an upgrade keeps what the rules learnt (fever-day
/// counts, a low-SpO2 run, battery and silence) and still recognises a reading redelivered across it.
/// </summary>
public static class PatientRuleStateJson
{
    /// <summary>
    /// The state in <paramref name="json"/> (System.Text.Json default options, as
    /// <c>JsonSerializer.Serialize</c> writes it) at the current version, or
    /// <see cref="PatientRuleState.Empty"/> when its version is unknown (a newer hub wrote it): the
    /// rules then start afresh rather than misread it.
    /// </summary>
    /// <exception cref="JsonException">The JSON is malformed.</exception>
    public static PatientRuleState Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty(nameof(PatientRuleState.Version), out var versionElement)
            || !versionElement.TryGetInt32(out var version))
        {
            return PatientRuleState.Empty;
        }

        return version switch
        {
            PatientRuleState.CurrentVersion => root.Deserialize<PatientRuleState>() ?? PatientRuleState.Empty,
            1 => FromVersion1(root),
            _ => PatientRuleState.Empty,
        };
    }

    /// <summary>
    /// Version 1 kept the redelivery memory as <c>RecentReadings</c>, an array of
    /// <see cref="ReadingKey"/> objects oldest first; each becomes its fingerprint, in order. The other
    /// members are unchanged (version 2 ignores the old member when it deserializes the rest).
    /// </summary>
    private static PatientRuleState FromVersion1(JsonElement root)
    {
        var state = root.Deserialize<PatientRuleState>() ?? PatientRuleState.Empty;
        var keys = root.TryGetProperty("RecentReadings", out var recent) && recent.ValueKind == JsonValueKind.Array
            ? recent.Deserialize<ReadingKey[]>() ?? []
            : [];
        var fingerprints = new ulong[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            fingerprints[i] = keys[i].Fingerprint;
        }

        return state with { Version = PatientRuleState.CurrentVersion, RecentFingerprints = ReadingFingerprints.From(fingerprints) };
    }
}
