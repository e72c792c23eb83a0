namespace Monitoring.Hub.Auth.Sessions;

/// <summary>Why a session (a token) stopped working before it expired; on the wire and in <c>user_sessions</c> as snake case.</summary>
public enum SessionEndReason
{
    /// <summary>The user signed out of this session.</summary>
    SignedOut,

    /// <summary>The user signed out of every session.</summary>
    SignedOutEverywhere,

    /// <summary>An administrator (or the clinic's doctor) disabled the account.</summary>
    Disabled,

    /// <summary>An administrator (or the clinic's doctor) reset the password.</summary>
    PasswordReset,

    /// <summary>The user changed their password (their other sessions end).</summary>
    PasswordChanged,

    /// <summary>A new Admin:Password from configuration was applied at start.</summary>
    PasswordSetByConfiguration,

    /// <summary>Not a stored reason: the token names no session this hub knows (e.g. issued before sessions existed).</summary>
    UnknownSession,
}
