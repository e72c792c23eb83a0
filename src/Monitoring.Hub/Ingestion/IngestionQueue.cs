using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// The bounded hand-off between the MQTT read loop and the processor: the read loop does nothing
/// but put messages here, and waits when it is full (so the client stops reading the socket and
/// the broker holds the rest).
/// </summary>
public sealed class IngestionQueue(IOptions<IngestionOptions> options)
{
    private readonly Channel<IngestMessage> _channel = Channel.CreateBounded<IngestMessage>(new BoundedChannelOptions(options.Value.InboundCapacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ChannelWriter<IngestMessage> Writer => _channel.Writer;

    public ChannelReader<IngestMessage> Reader => _channel.Reader;

    public int Count => _channel.Reader.Count;
}
