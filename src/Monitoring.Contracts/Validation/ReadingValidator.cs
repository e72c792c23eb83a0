using System.Globalization;
using Monitoring.Contracts.Events;
using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;

namespace Monitoring.Contracts.Validation;

/// <summary>
/// Pure checks of one resolved SenML record against the contract: a known name for the topic,
/// its unit, its kind of value, a finite and physically plausible value (clinical-rules §2 via
/// <see cref="Domain.Thresholds.PlausibilityLimits"/>), and a time not too far in the future.
/// </summary>
public sealed class ReadingValidator(ReadingValidatorOptions? options = null)
{
    private readonly TimeSpan _maxClockSkew = (options ?? new ReadingValidatorOptions()).MaxClockSkew;

    public ReadingCheck Validate(DeviceTopicKind topic, in SenmlReading reading, DateTimeOffset now)
    {
        var check = topic switch
        {
            DeviceTopicKind.Telemetry => ValidateMetric(reading),
            DeviceTopicKind.Events => ValidateEvent(reading),
            _ => ReadingCheck.Reject(RejectionReason.UnknownName, "status messages carry no SenML readings"),
        };
        if (!check.IsValid)
        {
            return check;
        }

        return reading.Time > now + _maxClockSkew
            ? ReadingCheck.Reject(RejectionReason.FutureTime,
                $"{reading.Name} at {reading.Time:O} is more than {_maxClockSkew} ahead of the hub's clock ({now:O})")
            : ReadingCheck.Valid;
    }

    private static ReadingCheck ValidateMetric(in SenmlReading reading)
    {
        if (!VitalMetrics.TryGet(reading.Name, out var metric))
        {
            return ReadingCheck.Reject(RejectionReason.UnknownName, $"'{Truncate(reading.Name)}' is not a telemetry name of the contract");
        }

        // A missing unit means the contract's unit (the contract's own example omits it on later records).
        if (reading.Unit is not null && !string.Equals(reading.Unit, metric.Unit, StringComparison.Ordinal))
        {
            return ReadingCheck.Reject(RejectionReason.WrongUnit, $"{metric.Name} must be in '{metric.Unit}', not '{reading.Unit}'");
        }

        if (reading.Kind != SenmlValueKind.Number)
        {
            return ReadingCheck.Reject(RejectionReason.WrongValueType, $"{metric.Name} needs a numeric value (v)");
        }

        if (!double.IsFinite(reading.Value))
        {
            return ReadingCheck.Reject(RejectionReason.NotFinite, $"{metric.Name} is not a finite number");
        }

        return metric.Plausible.Contains(reading.Value)
            ? ReadingCheck.Valid
            : ReadingCheck.Reject(RejectionReason.Implausible, string.Create(CultureInfo.InvariantCulture,
                $"{metric.Name} {reading.Value} {metric.Unit} is outside the plausible {metric.Plausible.Min}-{metric.Plausible.Max}"));
    }

    private static ReadingCheck ValidateEvent(in SenmlReading reading)
    {
        if (reading.Name is not (EventNames.Symptom or EventNames.Antigen))
        {
            return ReadingCheck.Reject(RejectionReason.UnknownName, $"'{Truncate(reading.Name)}' is not an event name of the contract");
        }

        if (reading.Unit is not null)
        {
            return ReadingCheck.Reject(RejectionReason.WrongUnit, $"event '{reading.Name}' takes no unit");
        }

        if (reading.Name == EventNames.Antigen)
        {
            return reading.Kind == SenmlValueKind.Boolean
                ? ReadingCheck.Valid
                : ReadingCheck.Reject(RejectionReason.WrongValueType, "antigen needs a boolean value (vb)");
        }

        if (reading.Kind != SenmlValueKind.String)
        {
            return ReadingCheck.Reject(RejectionReason.WrongValueType, "symptom needs a string value (vs)");
        }

        return Symptoms.IsKnown(reading.Text)
            ? ReadingCheck.Valid
            : ReadingCheck.Reject(RejectionReason.InvalidValue, $"'{Truncate(reading.Text)}' is not a symptom of the contract");
    }

    private static string? Truncate(string? text) => text is { Length: > 64 } ? text[..64] + "…" : text;
}
