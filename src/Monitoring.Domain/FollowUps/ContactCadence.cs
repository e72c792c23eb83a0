using Monitoring.Domain.Risk;
using Monitoring.Domain.Thresholds;

namespace Monitoring.Domain.FollowUps;

/// <summary>
/// Contact cadence by risk tier (004_306304aaac2aa708.txt, 8: "对黄色、红色标识重点人群每周联系分别不少于2次和3次"):
/// yellow at least <see cref="AlarmThresholds.ContactsPerWeekYellow"/>, red at least
/// <see cref="AlarmThresholds.ContactsPerWeekRed"/> per clinic-local ISO week; green none.
/// </summary>
public static class ContactCadence
{
    public static int Required(RiskTier tier, AlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        return tier switch
        {
            RiskTier.Red => thresholds.ContactsPerWeekRed,
            RiskTier.Yellow => thresholds.ContactsPerWeekYellow,
            _ => 0,
        };
    }

    public static CadenceStatus Status(ClinicWeek week, RiskTier tier, int contacts, AlarmThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(week);
        return new CadenceStatus(week.Key, contacts, Required(tier, thresholds));
    }

    /// <summary>
    /// Whether a week that has ended was missed: the tier required more contacts than were made. A
    /// patient registered after the week started is not held to it (they were not known all week).
    /// </summary>
    public static bool Missed(ClinicWeek week, DateTimeOffset registeredAt, CadenceStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(week);
        ArgumentNullException.ThrowIfNull(status);
        return now >= week.End && registeredAt <= week.Start && status.Behind;
    }
}
