using System.ComponentModel.DataAnnotations;
using Monitoring.Domain.Referrals;

namespace Monitoring.Hub.Referrals;

/// <summary>
/// How long a referral may stay in one open state before <c>referral_stalled</c> is raised (the
/// clinic's own targets; 003 (四) asks for transport to be dispatched promptly but names no time).
/// </summary>
public sealed class ReferralsOptions
{
    public const string SectionName = "Referrals";

    /// <summary>No vehicle dispatched (or, travelling alone, not departed) this long after the request.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "2.00:00:00")]
    public TimeSpan RequestedStallAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The vehicle was sent for but the patient has not left.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "2.00:00:00")]
    public TimeSpan TransportDispatchedStallAfter { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>The patient left but has not arrived.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "2.00:00:00")]
    public TimeSpan DepartedStallAfter { get; set; } = TimeSpan.FromMinutes(120);

    /// <summary>The patient arrived but the hospital has not admitted (or declined) them.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "2.00:00:00")]
    public TimeSpan ArrivedStallAfter { get; set; } = TimeSpan.FromMinutes(240);

    /// <summary>The limit for an open state; closed states never stall.</summary>
    public TimeSpan? StallAfter(ReferralState state) => state switch
    {
        ReferralState.Requested => RequestedStallAfter,
        ReferralState.TransportDispatched => TransportDispatchedStallAfter,
        ReferralState.Departed => DepartedStallAfter,
        ReferralState.Arrived => ArrivedStallAfter,
        _ => null,
    };
}
