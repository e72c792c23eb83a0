using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// The clinician a follower authenticated on a dashboard connection, handed to the leader's
/// publisher for a snapshot: whose clinic decides what it holds.
/// </summary>
public sealed record ForwardedScope(Guid UserId, string Username, UserRole Role, Guid? ClinicId)
{
    public static ForwardedScope From(ClinicScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new ForwardedScope(scope.UserId, scope.Username, scope.Role, scope.ClinicId);
    }

    public ClinicScope Scope => new(UserId, Username, Role, ClinicId);
}
