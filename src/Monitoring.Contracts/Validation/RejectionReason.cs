namespace Monitoring.Contracts.Validation;

/// <summary>Why a message or one of its readings was rejected. Counted per reason and shown by <c>GET /api/ingest/rejected</c>.</summary>
public enum RejectionReason
{
    /// <summary>The payload is not JSON.</summary>
    InvalidJson,

    /// <summary>JSON, but not a SenML pack or record as RFC 8428 defines it (structure, names, base fields, values).</summary>
    InvalidSenml,

    /// <summary>More records in one message than the hub accepts.</summary>
    TooManyRecords,

    /// <summary>The payload is larger than the hub accepts.</summary>
    PayloadTooLarge,

    /// <summary>The SenML base name names another device than the topic the message came on.</summary>
    DeviceMismatch,

    /// <summary>A name the contract does not define for this topic.</summary>
    UnknownName,

    /// <summary>A unit other than the contract's unit for the name.</summary>
    WrongUnit,

    /// <summary>A value of the wrong kind (e.g. a string where a number is expected).</summary>
    WrongValueType,

    /// <summary>A value the contract does not allow (e.g. an unknown symptom).</summary>
    InvalidValue,

    /// <summary>A numeric value that is not finite (overflow to infinity).</summary>
    NotFinite,

    /// <summary>A value outside physical plausibility (clinical-rules §2).</summary>
    Implausible,

    /// <summary>A time that cannot be a reading's time (before 1970, beyond what the store holds, not finite).</summary>
    InvalidTime,

    /// <summary>A time further in the future than the allowed clock skew.</summary>
    FutureTime,

    /// <summary>The device is not in the registry.</summary>
    UnknownDevice,

    /// <summary>The device was not assigned to a patient at the reading's time.</summary>
    UnassignedDevice,

    /// <summary>A topic that is not one of the contract's device topics.</summary>
    InvalidTopic,

    /// <summary>A status payload other than <c>online</c>/<c>offline</c>.</summary>
    InvalidStatus,

    /// <summary>The time-series store refused the line (HTTP 400 on an isolated line).</summary>
    StoreRejected,
}
