namespace Monitoring.Hub.Realtime;

/// <summary>
/// SignalR groups: a nurse's or doctor's connection joins only its clinic's group; an
/// administrator's joins <see cref="Admins"/>, which receives every clinic's events.
/// </summary>
public static class RealtimeGroups
{
    public const string Admins = "admins";

    public static string Clinic(Guid clinicId) => $"clinic:{clinicId}";

    /// <summary>The one group a connection of <paramref name="scope"/> joins.</summary>
    public static string Of(Auth.ClinicScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return scope.IsAdmin ? Admins : Clinic(scope.ClinicId ?? throw new ArgumentException("A nurse's or doctor's scope names a clinic.", nameof(scope)));
    }
}
