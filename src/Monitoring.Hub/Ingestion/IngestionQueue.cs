using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// The bounded hand-offs between the MQTT read loop and the alarm engine: the read loop does nothing
/// but put messages into a short raw queue (<see cref="Writer"/>); the processor parses them at once
/// into <see cref="Lanes"/>, which hold the hub's backlog (<see cref="IngestionOptions.InboundCapacity"/>
/// messages) and let an urgent reading overtake it. When both are full the read loop waits (so the
/// client stops reading the socket and the broker holds the rest).
/// </summary>
public sealed class IngestionQueue(IOptions<IngestionOptions> options)
{
    /// <summary>Raw messages at most before the parser: the backlog belongs in the lanes, where it can be reordered.</summary>
    private const int RawCapacity = 2 * IngestionProcessor.MaxBatch;

    private readonly Channel<IngestMessage> _channel = Channel.CreateBounded<IngestMessage>(new BoundedChannelOptions(Math.Min(RawCapacity, options.Value.InboundCapacity))
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public ChannelWriter<IngestMessage> Writer => _channel.Writer;

    public ChannelReader<IngestMessage> Reader => _channel.Reader;

    /// <summary>Parsed messages waiting for the alarm engine and InfluxDB.</summary>
    internal HandOffLanes Lanes { get; } = new(options.Value.InboundCapacity);

    /// <summary>Messages received and not yet handed to the alarm engine and InfluxDB.</summary>
    public int Count => _channel.Reader.Count + Lanes.Count;
}
