using Monitoring.Contracts.Validation;

namespace Monitoring.Contracts.Senml;

/// <summary>
/// The outcome for the pack as a whole. When <see cref="IsPackValid"/> is false nothing of the
/// pack may be used (the JSON is broken or a base field is unusable, so no record can be trusted).
/// </summary>
public readonly record struct SenmlParseResult(RejectionReason? PackError, string? Detail, int RecordCount)
{
    public bool IsPackValid => PackError is null;

    public static SenmlParseResult Ok(int recordCount) => new(null, null, recordCount);

    public static SenmlParseResult Fail(RejectionReason reason, string detail, int recordCount) => new(reason, detail, recordCount);
}
