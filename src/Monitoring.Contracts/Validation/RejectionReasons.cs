namespace Monitoring.Contracts.Validation;

public static class RejectionReasons
{
    /// <summary>The stable snake_case code used in metrics, logs, the database and the API.</summary>
    public static string Code(this RejectionReason reason) => reason switch
    {
        RejectionReason.InvalidJson => "invalid_json",
        RejectionReason.InvalidSenml => "invalid_senml",
        RejectionReason.TooManyRecords => "too_many_records",
        RejectionReason.PayloadTooLarge => "payload_too_large",
        RejectionReason.DeviceMismatch => "device_mismatch",
        RejectionReason.UnknownName => "unknown_name",
        RejectionReason.WrongUnit => "wrong_unit",
        RejectionReason.WrongValueType => "wrong_value_type",
        RejectionReason.InvalidValue => "invalid_value",
        RejectionReason.NotFinite => "not_finite",
        RejectionReason.Implausible => "implausible",
        RejectionReason.InvalidTime => "invalid_time",
        RejectionReason.FutureTime => "future_time",
        RejectionReason.UnknownDevice => "unknown_device",
        RejectionReason.UnassignedDevice => "unassigned_device",
        RejectionReason.InvalidTopic => "invalid_topic",
        RejectionReason.InvalidStatus => "invalid_status",
        RejectionReason.StoreRejected => "store_rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static IReadOnlyList<RejectionReason> All { get; } = Enum.GetValues<RejectionReason>();
}
