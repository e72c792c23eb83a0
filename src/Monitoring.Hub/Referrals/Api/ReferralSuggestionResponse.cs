namespace Monitoring.Hub.Referrals.Api;

/// <summary>The destination level the hub suggests for a patient (and alarm), with the seed clause behind it.</summary>
public sealed record ReferralSuggestionResponse(string Level, string Basis, Guid? AlarmId, string? AlarmKind, string PatientTier);
