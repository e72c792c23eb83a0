using System.Text.Json;
using Monitoring.Contracts.Events;
using Monitoring.Contracts.Metrics;
using Monitoring.Contracts.Topics;
using Monitoring.Contracts.Validation;

namespace Monitoring.Contracts.Senml;

/// <summary>
/// SenML JSON (RFC 8428) parser over <see cref="Utf8JsonReader"/>: no reflection, no DOM, the
/// contract's names and units interned so a typical record allocates nothing but its slot in the
/// output list. Errors in one record leave the others usable; errors that make every record
/// doubtful (broken JSON, an unusable base field) fail the pack.
/// </summary>
public sealed class SenmlParser
{
    /// <summary>RFC 8428 §4.5.3: a resolved time below 2^28 is relative to now (seconds, negative = past).</summary>
    public const double RelativeTimeLimit = 268_435_456;

    /// <summary>RFC 8428 §4.4: the version this parser implements; a higher <c>bver</c> fails the pack.</summary>
    public const int SupportedVersion = 10;

    /// <summary>The latest time a reading may have: InfluxDB stores int64 nanoseconds (2262-04-11).</summary>
    public static readonly DateTimeOffset MaxTime = new(2262, 4, 11, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 16,
    };

    public SenmlParser(int maxRecords = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        MaxRecords = maxRecords;
    }

    /// <summary>More records than this fail the pack with <see cref="RejectionReason.TooManyRecords"/>.</summary>
    public int MaxRecords { get; }

    /// <summary>
    /// Parses one pack, appending resolved records to <paramref name="readings"/> and per-record
    /// errors to <paramref name="errors"/>. When the pack fails nothing is appended.
    /// </summary>
    /// <param name="utf8Json">The message payload.</param>
    /// <param name="now">The time relative times count from (when the message was received).</param>
    /// <param name="expectedDeviceId">The device of the topic; a record whose name names another device is rejected. Null: no check.</param>
    /// <param name="readings">Receives the resolved records.</param>
    /// <param name="errors">Receives the records that could not be resolved.</param>
    public SenmlParseResult Parse(
        ReadOnlySpan<byte> utf8Json, DateTimeOffset now, string? expectedDeviceId, List<SenmlReading> readings, List<SenmlRecordError> errors)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(errors);
        var readingsStart = readings.Count;
        var errorsStart = errors.Count;
        var state = new PackState(now, expectedDeviceId);
        var index = -1;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return Fail(RejectionReason.InvalidSenml, "a SenML pack is a JSON array of records", 0);
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                index++;
                if (index >= MaxRecords)
                {
                    return Fail(RejectionReason.TooManyRecords, $"more than {MaxRecords} records", index);
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return Fail(RejectionReason.InvalidSenml, $"record {index} is not a JSON object", index);
                }

                var packError = ParseRecord(ref reader, index, ref state, readings, errors);
                if (packError is not null)
                {
                    return Fail(RejectionReason.InvalidSenml, packError, index);
                }
            }

            // Anything after the array (other than whitespace) makes the reader throw.
            reader.Read();
        }
        catch (JsonException ex)
        {
            return Fail(RejectionReason.InvalidJson, ex.Message, Math.Max(index, 0));
        }

        return SenmlParseResult.Ok(index + 1);

        SenmlParseResult Fail(RejectionReason reason, string detail, int count)
        {
            readings.RemoveRange(readingsStart, readings.Count - readingsStart);
            errors.RemoveRange(errorsStart, errors.Count - errorsStart);
            return SenmlParseResult.Fail(reason, detail, count);
        }
    }

    /// <summary>Reads one record object; returns a pack-level error, or null (record errors go to <paramref name="errors"/>).</summary>
    private static string? ParseRecord(
        ref Utf8JsonReader reader, int index, ref PackState state, List<SenmlReading> readings, List<SenmlRecordError> errors)
    {
        var seen = Label.None;
        RejectionReason? recordReason = null;
        string? recordDetail = null;
        string? baseName = null, baseUnit = null, name = null, unit = null, text = null;
        double baseTime = 0, baseValue = 0, baseSum = 0, time = 0, value = 0, sum = 0;
        var flag = false;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var label = Identify(ref reader);
            reader.Read();
            if (label == Label.None)
            {
                reader.Skip();
                continue;
            }

            if (label == Label.MustUnderstand)
            {
                // RFC 8428 §4.4: a label ending in '_' must be understood, or the pack is not processed.
                return $"record {index} has a must-understand field this hub does not implement";
            }

            if ((seen & label) != 0)
            {
                SetError(RejectionReason.InvalidSenml, $"a field appears twice in record {index}");
                reader.Skip();
                continue;
            }

            seen |= label;
            switch (label)
            {
                case Label.BaseName:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return $"bn of record {index} is not a string";
                    }

                    baseName = reader.GetString();
                    break;
                case Label.BaseUnit:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return $"bu of record {index} is not a string";
                    }

                    baseUnit = InternUnit(ref reader);
                    break;
                case Label.BaseTime:
                    if (!TryNumber(ref reader, out baseTime) || !double.IsFinite(baseTime))
                    {
                        return $"bt of record {index} is not a finite number";
                    }

                    break;
                case Label.BaseValue:
                    if (!TryNumber(ref reader, out baseValue) || !double.IsFinite(baseValue))
                    {
                        return $"bv of record {index} is not a finite number";
                    }

                    break;
                case Label.BaseSum:
                    if (!TryNumber(ref reader, out baseSum) || !double.IsFinite(baseSum))
                    {
                        return $"bs of record {index} is not a finite number";
                    }

                    break;
                case Label.BaseVersion:
                    if (!TryNumber(ref reader, out var version) || version != Math.Floor(version) || version < 1 || version > SupportedVersion)
                    {
                        return $"bver of record {index} is not a SenML version this hub reads (up to {SupportedVersion})";
                    }

                    break;
                case Label.Name:
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        name = InternName(ref reader);
                    }
                    else
                    {
                        SetError(RejectionReason.InvalidSenml, "n is not a string");
                    }

                    break;
                case Label.Unit:
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        unit = InternUnit(ref reader);
                    }
                    else
                    {
                        SetError(RejectionReason.InvalidSenml, "u is not a string");
                    }

                    break;
                case Label.Value:
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        SetError(RejectionReason.WrongValueType, "v is not a number");
                    }
                    else if (!reader.TryGetDouble(out value) || !double.IsFinite(value))
                    {
                        SetError(RejectionReason.NotFinite, "v is not a finite number");
                    }

                    break;
                case Label.Sum:
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        SetError(RejectionReason.WrongValueType, "s is not a number");
                    }
                    else if (!reader.TryGetDouble(out sum) || !double.IsFinite(sum))
                    {
                        SetError(RejectionReason.NotFinite, "s is not a finite number");
                    }

                    break;
                case Label.StringValue:
                case Label.DataValue:
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        text = InternText(ref reader);
                    }
                    else
                    {
                        SetError(RejectionReason.WrongValueType, label == Label.StringValue ? "vs is not a string" : "vd is not a string");
                    }

                    break;
                case Label.BoolValue:
                    if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                    {
                        flag = reader.TokenType == JsonTokenType.True;
                    }
                    else
                    {
                        SetError(RejectionReason.WrongValueType, "vb is not a boolean");
                    }

                    break;
                case Label.Time:
                    if (!TryNumber(ref reader, out time) || !double.IsFinite(time))
                    {
                        SetError(RejectionReason.InvalidTime, "t is not a finite number");
                    }

                    break;
                case Label.UpdateTime:
                    if (!TryNumber(ref reader, out _))
                    {
                        SetError(RejectionReason.InvalidSenml, "ut is not a number");
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        // RFC 8428 §4.1: base fields apply to this record and every later one until replaced.
        if ((seen & Label.BaseName) != 0)
        {
            state.BaseName = baseName;
        }

        if ((seen & Label.BaseTime) != 0)
        {
            state.BaseTime = baseTime;
        }

        if ((seen & Label.BaseUnit) != 0)
        {
            state.BaseUnit = baseUnit;
        }

        if ((seen & Label.BaseValue) != 0)
        {
            state.BaseValue = baseValue;
        }

        if ((seen & Label.BaseSum) != 0)
        {
            state.BaseSum = baseSum;
        }

        var values = seen & (Label.Value | Label.StringValue | Label.BoolValue | Label.DataValue);
        if (recordReason is null)
        {
            if (values == Label.None && (seen & (Label.Sum | Label.Name)) == 0)
            {
                if ((seen & Label.Bases) == 0)
                {
                    SetError(RejectionReason.InvalidSenml, "the record has neither a name nor a value");
                }
                else
                {
                    return null; // a record of base fields only: nothing to resolve
                }
            }
            else if (values == Label.None && (seen & Label.Sum) == 0)
            {
                SetError(RejectionReason.InvalidSenml, "the record has no value (v, vs, vb, vd or s)");
            }
            else if (values != Label.None && (values & (values - 1)) != 0)
            {
                SetError(RejectionReason.InvalidSenml, "the record has more than one of v, vs, vb, vd");
            }
        }

        if (recordReason is not null)
        {
            errors.Add(new SenmlRecordError(index, recordReason.Value, recordDetail!));
            return null;
        }

        if (!state.TryResolveName(name ?? "", out var deviceId, out var localName, out var nameError))
        {
            errors.Add(new SenmlRecordError(index, nameError.Reason, nameError.Detail));
            return null;
        }

        if (!state.TryResolveTime(time, out var at))
        {
            errors.Add(new SenmlRecordError(index, RejectionReason.InvalidTime, $"resolved time {time + state.BaseTime} s is not a usable reading time"));
            return null;
        }

        SenmlValueKind kind;
        var number = 0d;
        switch (values)
        {
            case Label.Value:
                kind = SenmlValueKind.Number;
                number = value + state.BaseValue;
                break;
            case Label.StringValue:
                kind = SenmlValueKind.String;
                break;
            case Label.BoolValue:
                kind = SenmlValueKind.Boolean;
                break;
            case Label.DataValue:
                kind = SenmlValueKind.Data;
                break;
            default:
                kind = SenmlValueKind.Sum;
                number = sum + state.BaseSum;
                break;
        }

        if (kind is SenmlValueKind.Number or SenmlValueKind.Sum && !double.IsFinite(number))
        {
            errors.Add(new SenmlRecordError(index, RejectionReason.NotFinite, "value plus base value is not finite"));
            return null;
        }

        readings.Add(new SenmlReading(index, deviceId, localName, unit ?? state.BaseUnit, kind, number, text, flag, at));
        return null;

        void SetError(RejectionReason reason, string detail)
        {
            if (recordReason is null)
            {
                recordReason = reason;
                recordDetail = $"record {index}: {detail}";
            }
        }
    }

    private static bool TryNumber(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out value);
    }

    private static Label Identify(ref Utf8JsonReader reader)
    {
        // RFC 8428 §4.1 labels; compared as UTF-8 so no string is made for a known label.
        if (reader.ValueTextEquals("n"u8))
        {
            return Label.Name;
        }

        if (reader.ValueTextEquals("v"u8))
        {
            return Label.Value;
        }

        if (reader.ValueTextEquals("u"u8))
        {
            return Label.Unit;
        }

        if (reader.ValueTextEquals("t"u8))
        {
            return Label.Time;
        }

        if (reader.ValueTextEquals("bn"u8))
        {
            return Label.BaseName;
        }

        if (reader.ValueTextEquals("bt"u8))
        {
            return Label.BaseTime;
        }

        if (reader.ValueTextEquals("bu"u8))
        {
            return Label.BaseUnit;
        }

        if (reader.ValueTextEquals("bv"u8))
        {
            return Label.BaseValue;
        }

        if (reader.ValueTextEquals("vs"u8))
        {
            return Label.StringValue;
        }

        if (reader.ValueTextEquals("vb"u8))
        {
            return Label.BoolValue;
        }

        if (reader.ValueTextEquals("vd"u8))
        {
            return Label.DataValue;
        }

        if (reader.ValueTextEquals("s"u8))
        {
            return Label.Sum;
        }

        if (reader.ValueTextEquals("bs"u8))
        {
            return Label.BaseSum;
        }

        if (reader.ValueTextEquals("bver"u8))
        {
            return Label.BaseVersion;
        }

        if (reader.ValueTextEquals("ut"u8))
        {
            return Label.UpdateTime;
        }

        var endsWithUnderscore = reader.ValueIsEscaped || reader.HasValueSequence
            ? reader.GetString()!.EndsWith('_')
            : reader.ValueSpan is [.., (byte)'_'];
        return endsWithUnderscore ? Label.MustUnderstand : Label.None;
    }

    private static string InternName(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals(MetricNames.Spo2))
        {
            return MetricNames.Spo2;
        }

        if (reader.ValueTextEquals(MetricNames.PulseRate))
        {
            return MetricNames.PulseRate;
        }

        if (reader.ValueTextEquals(MetricNames.Temperature))
        {
            return MetricNames.Temperature;
        }

        if (reader.ValueTextEquals(MetricNames.RespiratoryRate))
        {
            return MetricNames.RespiratoryRate;
        }

        if (reader.ValueTextEquals(MetricNames.PerfusionIndex))
        {
            return MetricNames.PerfusionIndex;
        }

        if (reader.ValueTextEquals(MetricNames.Battery))
        {
            return MetricNames.Battery;
        }

        if (reader.ValueTextEquals(EventNames.Symptom))
        {
            return EventNames.Symptom;
        }

        return reader.ValueTextEquals(EventNames.Antigen) ? EventNames.Antigen : reader.GetString()!;
    }

    private static string InternUnit(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals(SenmlUnits.Percent))
        {
            return SenmlUnits.Percent;
        }

        if (reader.ValueTextEquals(SenmlUnits.BeatsPerMinute))
        {
            return SenmlUnits.BeatsPerMinute;
        }

        if (reader.ValueTextEquals(SenmlUnits.Celsius))
        {
            return SenmlUnits.Celsius;
        }

        if (reader.ValueTextEquals(SenmlUnits.PerMinute))
        {
            return SenmlUnits.PerMinute;
        }

        return reader.ValueTextEquals(SenmlUnits.PercentRemainingBattery) ? SenmlUnits.PercentRemainingBattery : reader.GetString()!;
    }

    private static string InternText(ref Utf8JsonReader reader)
    {
        foreach (var symptom in Symptoms.All)
        {
            if (reader.ValueTextEquals(symptom))
            {
                return symptom;
            }
        }

        return reader.GetString()!;
    }

    [Flags]
    private enum Label
    {
        None = 0,
        BaseName = 1 << 0,
        BaseTime = 1 << 1,
        BaseUnit = 1 << 2,
        BaseValue = 1 << 3,
        BaseSum = 1 << 4,
        BaseVersion = 1 << 5,
        Name = 1 << 6,
        Unit = 1 << 7,
        Value = 1 << 8,
        StringValue = 1 << 9,
        BoolValue = 1 << 10,
        DataValue = 1 << 11,
        Sum = 1 << 12,
        Time = 1 << 13,
        UpdateTime = 1 << 14,
        MustUnderstand = 1 << 30,
        Bases = BaseName | BaseTime | BaseUnit | BaseValue | BaseSum | BaseVersion,
    }

    /// <summary>Base fields in force and the last resolved name prefix (a pack usually names one device).</summary>
    private struct PackState(DateTimeOffset now, string? expectedDeviceId)
    {
        public string? BaseName;
        public double BaseTime;
        public string? BaseUnit;
        public double BaseValue;
        public double BaseSum;

        private string? _checkedBaseName;
        private bool _baseNameCharsValid;
        private string? _lastPrefix;
        private string? _lastPrefixDevice;

        public bool TryResolveName(string name, out string? deviceId, out string localName, out (RejectionReason Reason, string Detail) error)
        {
            deviceId = null;
            localName = name;
            error = default;
            var baseName = BaseName ?? "";

            // RFC 8428 §4.5.1: the resolved name (bn + n) is non-empty, of A-Z a-z 0-9 - : . / _,
            // and starts with a letter or digit.
            if (!ReferenceEquals(baseName, _checkedBaseName))
            {
                _checkedBaseName = baseName;
                _baseNameCharsValid = AllNameChars(baseName);
            }

            var first = baseName.Length > 0 ? baseName[0] : name.Length > 0 ? name[0] : '\0';
            if (!_baseNameCharsValid || !AllNameChars(name) || !char.IsAsciiLetterOrDigit(first))
            {
                error = (RejectionReason.InvalidSenml, "the resolved name is empty or has characters SenML does not allow");
                return false;
            }

            string prefix;
            var colonInName = name.LastIndexOf(':');
            if (colonInName < 0 && baseName.Length > 0 && baseName[^1] == ':')
            {
                prefix = baseName;
            }
            else if (colonInName < 0 && baseName.Length == 0)
            {
                return true;
            }
            else
            {
                var full = baseName + name;
                var colon = full.LastIndexOf(':');
                if (colon < 0)
                {
                    localName = full;
                    return true;
                }

                prefix = full[..(colon + 1)];
                localName = full[(colon + 1)..];
            }

            if (!string.Equals(prefix, _lastPrefix, StringComparison.Ordinal))
            {
                _lastPrefix = prefix;
                var id = prefix.AsSpan(0, prefix.Length - 1);
                if (id.StartsWith(DeviceIds.BaseNamePrefix, StringComparison.Ordinal))
                {
                    id = id[DeviceIds.BaseNamePrefix.Length..];
                }

                _lastPrefixDevice = id.SequenceEqual(expectedDeviceId) ? expectedDeviceId : id.ToString();
            }

            deviceId = _lastPrefixDevice;
            if (expectedDeviceId is not null && !string.Equals(deviceId, expectedDeviceId, StringComparison.Ordinal))
            {
                error = (RejectionReason.DeviceMismatch, $"the name '{prefix}{localName}' names device '{deviceId}', not the topic's '{expectedDeviceId}'");
                return false;
            }

            return true;
        }

        public readonly bool TryResolveTime(double time, out DateTimeOffset at)
        {
            at = default;
            var resolved = BaseTime + time;
            if (!double.IsFinite(resolved))
            {
                return false;
            }

            // Whole microseconds: a double of Unix seconds resolves ~0.2 µs today, and rounding
            // keeps 1763798400.1 from becoming ...099999 ms.
            var micros = Math.Round(resolved * 1e6);
            var origin = resolved < RelativeTimeLimit ? now : DateTimeOffset.UnixEpoch;
            var span = micros * TimeSpan.TicksPerMicrosecond;
            var maxTicks = (double)(MaxTime.UtcTicks - origin.UtcTicks);
            var minTicks = (double)(DateTimeOffset.UnixEpoch.UtcTicks - origin.UtcTicks);
            if (span > maxTicks || span < minTicks)
            {
                return false;
            }

            at = origin.AddTicks((long)span);
            return true;
        }

        private static bool AllNameChars(string s)
        {
            foreach (var c in s)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or ':' or '.' or '/' or '_'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
