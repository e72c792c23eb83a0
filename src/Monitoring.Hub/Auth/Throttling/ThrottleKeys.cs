namespace Monitoring.Hub.Auth.Throttling;

/// <summary>
/// The three <c>login_throttle</c> keys of one attempt. Usernames are keyed as typed (lower case),
/// known or not, so the throttle answers the same for an unknown username as for a real one.
/// </summary>
public sealed record ThrottleKeys(string Pair, string Source, string Account)
{
    public static ThrottleKeys For(string username, string source)
    {
        ArgumentNullException.ThrowIfNull(username);
        var name = username.Trim().ToLowerInvariant();
        return new ThrottleKeys($"pair:{name}|{source}", $"source:{source}", $"account:{name}");
    }

    public static string AccountKey(string username) => $"account:{username.Trim().ToLowerInvariant()}";

    public static string PairPrefix(string username) => $"pair:{username.Trim().ToLowerInvariant()}|";
}
