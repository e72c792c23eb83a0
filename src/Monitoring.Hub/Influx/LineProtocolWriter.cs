using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Monitoring.Hub.Influx;

/// <summary>
/// Writes InfluxDB 1.x line protocol (<c>measurement,tag=v field=1 1763798400000</c>) into a byte
/// buffer, one point per line, timestamps in milliseconds (<c>/write?precision=ms</c>).
/// Escaping follows the 1.x line-protocol reference: measurements escape ',' and ' '; tag keys,
/// tag values and field keys escape ',', '=' and ' '; string field values escape '"' and '\'.
/// What line protocol cannot carry at all (a newline anywhere, an empty key or tag value, a tag
/// value ending in '\', which 1.x reads as escaping the delimiter after it) is refused with an
/// <see cref="ArgumentException"/> rather than written as a line InfluxDB would misread.
/// </summary>
public sealed class LineProtocolWriter(IBufferWriter<byte> output)
{
    private State _state = State.LineStart;

    /// <summary>Lines completed with <see cref="EndLine"/>.</summary>
    public int LineCount { get; private set; }

    public LineProtocolWriter Measurement(string measurement)
    {
        Expect(State.LineStart, nameof(Measurement));
        CheckText(measurement, nameof(measurement), allowTrailingBackslash: false);
        if (measurement[0] == '#')
        {
            throw new ArgumentException("A measurement may not start with '#': line protocol reads that line as a comment.", nameof(measurement));
        }

        WriteEscaped(measurement, EscapeSet.Measurement);
        _state = State.Tags;
        return this;
    }

    /// <summary>Tags should be added in key order (InfluxDB sorts them anyway; sorted input saves it the work).</summary>
    public LineProtocolWriter Tag(string key, string value)
    {
        Expect(State.Tags, nameof(Tag));
        CheckText(key, nameof(key), allowTrailingBackslash: false);
        CheckText(value, nameof(value), allowTrailingBackslash: false);
        WriteByte((byte)',');
        WriteEscaped(key, EscapeSet.Key);
        WriteByte((byte)'=');
        WriteEscaped(value, EscapeSet.Key);
        return this;
    }

    /// <summary>
    /// A tag whose value is an id, written as its 36-character text ("D") straight into the buffer:
    /// hex digits and '-' need no escaping, and the caller keeps no string per id.
    /// </summary>
    public LineProtocolWriter Tag(string key, Guid value)
    {
        Expect(State.Tags, nameof(Tag));
        CheckText(key, nameof(key), allowTrailingBackslash: false);
        WriteByte((byte)',');
        WriteEscaped(key, EscapeSet.Key);
        WriteByte((byte)'=');
        var span = output.GetSpan(36);
        if (!value.TryFormat(span, out var written, "D"))
        {
            throw new InvalidOperationException("A Guid did not fit in 36 bytes.");
        }

        output.Advance(written);
        return this;
    }

    public LineProtocolWriter Field(string key, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Line protocol has no representation for NaN or infinity.");
        }

        FieldKey(key);
        var span = output.GetSpan(32);
        // "R": the shortest text that parses back to the same double, in invariant culture.
        if (!value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A double did not fit in 32 bytes.");
        }

        output.Advance(written);
        return this;
    }

    public LineProtocolWriter Field(string key, bool value)
    {
        FieldKey(key);
        Write(value ? "true"u8 : "false"u8);
        return this;
    }

    public LineProtocolWriter Field(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new ArgumentException("Line protocol cannot carry a newline in a string field.", nameof(value));
        }

        FieldKey(key);
        WriteByte((byte)'"');
        WriteEscaped(value, EscapeSet.StringField);
        WriteByte((byte)'"');
        return this;
    }

    /// <summary>Ends the point with its timestamp in Unix milliseconds and a newline.</summary>
    public void EndLine(DateTimeOffset timestamp)
    {
        Expect(State.MoreFields, nameof(EndLine));
        WriteByte((byte)' ');
        var span = output.GetSpan(24);
        if (!Utf8Formatter.TryFormat(timestamp.ToUnixTimeMilliseconds(), span, out var written))
        {
            throw new InvalidOperationException("A timestamp did not fit in 24 bytes.");
        }

        output.Advance(written);
        WriteByte((byte)'\n');
        _state = State.LineStart;
        LineCount++;
    }

    private void FieldKey(string key)
    {
        if (_state is not (State.Tags or State.MoreFields))
        {
            throw new InvalidOperationException("A field comes after the measurement and its tags.");
        }

        CheckText(key, nameof(key), allowTrailingBackslash: false);
        WriteByte(_state == State.Tags ? (byte)' ' : (byte)',');
        WriteEscaped(key, EscapeSet.Key);
        WriteByte((byte)'=');
        _state = State.MoreFields;
    }

    private void Expect(State state, string operation)
    {
        if (_state != state)
        {
            throw new InvalidOperationException($"{operation} is out of order in this line (state {_state}).");
        }
    }

    private static void CheckText(string text, string parameter, bool allowTrailingBackslash)
    {
        ArgumentException.ThrowIfNullOrEmpty(text, parameter);
        if (text.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new ArgumentException("Line protocol cannot carry a newline here.", parameter);
        }

        if (!allowTrailingBackslash && text[^1] == '\\')
        {
            throw new ArgumentException("InfluxDB 1.x reads a trailing '\\' as escaping the delimiter after it.", parameter);
        }
    }

    private void WriteEscaped(string text, EscapeSet set)
    {
        var special = set switch
        {
            EscapeSet.Measurement => MeasurementSpecials,
            EscapeSet.Key => KeySpecials,
            _ => StringFieldSpecials,
        };
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var i = rest.IndexOfAny(special);
            var plain = i < 0 ? rest : rest[..i];
            if (!plain.IsEmpty)
            {
                var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(plain.Length));
                output.Advance(Encoding.UTF8.GetBytes(plain, span));
            }

            if (i < 0)
            {
                break;
            }

            var pair = output.GetSpan(2);
            pair[0] = (byte)'\\';
            pair[1] = (byte)rest[i];
            output.Advance(2);
            rest = rest[(i + 1)..];
        }
    }

    private void WriteByte(byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private static readonly SearchValues<char> MeasurementSpecials = SearchValues.Create(", ");
    private static readonly SearchValues<char> KeySpecials = SearchValues.Create(",= ");
    private static readonly SearchValues<char> StringFieldSpecials = SearchValues.Create("\"\\");

    private enum EscapeSet
    {
        Measurement,
        Key,
        StringField,
    }

    private enum State
    {
        LineStart,
        Tags,
        MoreFields,
    }
}
