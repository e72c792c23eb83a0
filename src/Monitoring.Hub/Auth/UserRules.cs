namespace Monitoring.Hub.Auth;

/// <summary>What a username and a password must look like, for the API and the bootstrap administrator alike.</summary>
public static class UserRules
{
    public const string UsernamePattern = "^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$";

    public const int MinPasswordLength = 10;

    public const int MaxPasswordLength = 128;
}
