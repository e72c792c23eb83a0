using Monitoring.Hub.Alarms;
using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// A clinician's acknowledge or resolve, as a follower hands it to the leader's engine: the
/// clinician the follower authenticated (the leader's engine checks the clinic again) and the note.
/// </summary>
public sealed record ForwardedCommand(Guid UserId, string Username, UserRole Role, Guid? ClinicId, string? Note)
{
    public static ForwardedCommand From(AlarmCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var scope = command.Scope;
        return new ForwardedCommand(scope.UserId, scope.Username, scope.Role, scope.ClinicId, command.Note);
    }

    public AlarmCommand ToCommand(Guid alarmId) => new(alarmId, new ClinicScope(UserId, Username, Role, ClinicId), Note);
}
