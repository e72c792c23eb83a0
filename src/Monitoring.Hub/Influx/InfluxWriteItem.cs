using System.Diagnostics;

namespace Monitoring.Hub.Influx;

/// <summary>
/// The lines of one message for the writer (line protocol, each line ending in '\n'), and whom
/// to tell when they are durable, and the message's span when it was traced. A message's lines
/// always travel together in one batch.
/// </summary>
public readonly record struct InfluxWriteItem(ReadOnlyMemory<byte> Lines, int LineCount, IInfluxWriteCallback? Callback, ActivityContext Trace = default);

/// <summary>Told by <see cref="InfluxWriter"/> what became of an item's lines.</summary>
public interface IInfluxWriteCallback
{
    /// <summary>InfluxDB refused this line on its own (HTTP 400 after isolating it): it will never be written.</summary>
    void OnLineRejected(ReadOnlyMemory<byte> line, string error);

    /// <summary>Every line of the item is written (or rejected through <see cref="OnLineRejected"/>).</summary>
    void OnWritten();
}
