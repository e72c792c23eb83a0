namespace Monitoring.Contracts.Events;

/// <summary>SenML names on <c>.../events</c> (contract, MQTT events).</summary>
public static class EventNames
{
    /// <summary>A reported symptom or warning sign; string value (<c>vs</c>), one of <see cref="Symptoms"/>.</summary>
    public const string Symptom = "symptom";

    /// <summary>An antigen self-test result; boolean value (<c>vb</c>), true = positive.</summary>
    public const string Antigen = "antigen";
}
