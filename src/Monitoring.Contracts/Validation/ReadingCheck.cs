namespace Monitoring.Contracts.Validation;

/// <summary>The verdict on one reading: valid, or the reason and a human-readable detail.</summary>
public readonly record struct ReadingCheck(RejectionReason? Reason, string? Detail)
{
    public static ReadingCheck Valid => default;

    public bool IsValid => Reason is null;

    public static ReadingCheck Reject(RejectionReason reason, string detail) => new(reason, detail);
}
