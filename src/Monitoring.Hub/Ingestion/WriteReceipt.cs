using Monitoring.Hub.Influx;

namespace Monitoring.Hub.Ingestion;

/// <summary>Connects a message's InfluxDB item to the message: refused lines become rejections, the written item completes its part.</summary>
internal sealed class WriteReceipt(IngestMessage message, RejectedStore rejected) : IInfluxWriteCallback
{
    public void OnLineRejected(ReadOnlyMemory<byte> line, string error) => rejected.RejectLine(message, line.Span, $"InfluxDB refused the line: {error}");

    public void OnWritten() => message.CompletePart();
}
