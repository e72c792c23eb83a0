namespace Monitoring.Hub.Api;

/// <summary>
/// What a store's change did: done (with the new state), not found (absent or outside the
/// caller's clinic — deliberately the same), refused because of a conflict with stored state, or
/// invalid because a field names something the caller cannot use (<see cref="Field"/>).
/// Nothing is written unless it is <see cref="OutcomeKind.Done"/>.
/// </summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, string Detail)
    where T : class
{
    public static Outcome<T> Done(T value) => new(OutcomeKind.Done, value, "");

    public static Outcome<T> NotFound(string what, object id) => new(OutcomeKind.NotFound, null, $"No {what} '{id}' is visible to you.");

    public static Outcome<T> NotFound(string detail) => new(OutcomeKind.NotFound, null, detail);

    public static Outcome<T> Conflict(string detail) => new(OutcomeKind.Conflict, null, detail);

    public static Outcome<T> Invalid(string field, string detail) => new(OutcomeKind.Invalid, null, detail) { Field = field };

    /// <summary>The request field an <see cref="OutcomeKind.Invalid"/> outcome is about.</summary>
    public string? Field { get; private init; }
}
