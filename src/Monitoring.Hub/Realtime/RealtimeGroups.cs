namespace Monitoring.Hub.Realtime;

/// <summary>
/// SignalR groups: a nurse's or doctor's connection joins only its clinic's group; an
/// administrator's joins <see cref="Admins"/>, which receives every clinic's events.
/// </summary>
public static class RealtimeGroups
{
    public const string Admins = "admins";

    public static string Clinic(Guid clinicId) => $"clinic:{clinicId}";
}
