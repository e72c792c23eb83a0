namespace Monitoring.Hub.Referrals;

/// <summary>The referral feature's structured log messages, each with the referral's and patient's ids.</summary>
internal static partial class ReferralLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Referral {ReferralId} of patient {PatientId} requested by {Username} (alarm {AlarmId}, level {Level})")]
    public static partial void Requested(ILogger logger, Guid referralId, Guid patientId, Guid? alarmId, string level, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Referral {ReferralId} of patient {PatientId} is now {State} (recorded by {Username})")]
    public static partial void Stepped(ILogger logger, Guid referralId, Guid patientId, string state, string username);

    [LoggerMessage(Level = LogLevel.Information, Message = "Referral {ReferralId} of patient {PatientId} stalled: {State} since {StateSince}; referral_stalled raised")]
    public static partial void Stalled(ILogger logger, Guid referralId, Guid patientId, string state, DateTimeOffset stateSince);
}
