namespace Monitoring.Hub.Auth;

/// <summary>Endpoint metadata: a token that may only change its password may call this endpoint.</summary>
public sealed class PasswordChangeAllowed
{
    public static PasswordChangeAllowed Instance { get; } = new();

    private PasswordChangeAllowed()
    {
    }
}
