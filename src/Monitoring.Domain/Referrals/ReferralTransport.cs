using System.Diagnostics.CodeAnalysis;

namespace Monitoring.Domain.Referrals;

/// <summary>
/// How the patient travels: a 120 ambulance (004 §13: 每家乡镇卫生院…至少有1辆入网120救护车), the grid's
/// non-emergency vehicle (003 (四) 转运车辆配置和调度; 004 §13 非急救转运车队), or on their own.
/// </summary>
[SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores",
    Justification = "The member name gives the contract's wire code ambulance_120 (Codes spells members in snake case).")]
public enum ReferralTransport
{
    Ambulance_120,
    GridVehicle,
    Self,
}
