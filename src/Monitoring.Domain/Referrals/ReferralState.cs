namespace Monitoring.Domain.Referrals;

/// <summary>
/// Where a referral (转诊) stands, from the clinician's request to the hospital's admission. The first
/// four are open; <see cref="Admitted"/>, <see cref="Declined"/> and <see cref="Cancelled"/> end it.
/// The order is <see cref="ReferralStateMachine"/>'s.
/// </summary>
public enum ReferralState
{
    /// <summary>A clinician asked for the referral and owns it ("转诊有人管", 003 二(二)2(1)).</summary>
    Requested,

    /// <summary>A 120 ambulance or the grid's vehicle was sent for (003 (四), 004 §13).</summary>
    TransportDispatched,

    /// <summary>The patient left home.</summary>
    Departed,

    /// <summary>The patient reached the hospital.</summary>
    Arrived,

    /// <summary>The hospital admitted the patient: home treatment ends with reason <c>referred</c>.</summary>
    Admitted,

    /// <summary>The patient or the hospital declined.</summary>
    Declined,

    /// <summary>The clinician withdrew the referral before the patient left.</summary>
    Cancelled,
}
