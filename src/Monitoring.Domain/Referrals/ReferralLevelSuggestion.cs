namespace Monitoring.Domain.Referrals;

/// <summary>The destination level the hub suggests, and why (the seed clause it follows); the clinician confirms or changes it.</summary>
public sealed record ReferralLevelSuggestion(DestinationLevel Level, string Basis);
