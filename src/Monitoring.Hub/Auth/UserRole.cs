namespace Monitoring.Hub.Auth;

/// <summary>What a user may do; nurses and doctors act within their one clinic, administrators everywhere.</summary>
public enum UserRole
{
    Nurse,
    Doctor,
    Admin,
}
