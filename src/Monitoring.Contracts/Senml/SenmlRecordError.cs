using Monitoring.Contracts.Validation;

namespace Monitoring.Contracts.Senml;

/// <summary>One record of a pack that could not be resolved; the pack's other records still count.</summary>
public readonly record struct SenmlRecordError(int Index, RejectionReason Reason, string Detail);
