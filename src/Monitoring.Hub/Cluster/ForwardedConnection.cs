using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// A follower's <c>/hubs/alarms</c> connection, handed to the leader's publisher: its SignalR
/// connection id (reached through the Redis backplane) and the clinician the follower authenticated,
/// whose clinic decides the snapshot and the group.
/// </summary>
public sealed record ForwardedConnection(string ConnectionId, Guid UserId, string Username, UserRole Role, Guid? ClinicId)
{
    public static ForwardedConnection From(string connectionId, ClinicScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return new ForwardedConnection(connectionId, scope.UserId, scope.Username, scope.Role, scope.ClinicId);
    }

    public ClinicScope Scope => new(UserId, Username, Role, ClinicId);
}
