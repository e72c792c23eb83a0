using System.Threading.Channels;
using MQTTnet;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// The acknowledgements of one broker connection, put back into arrival order. MQTT 5 §4.6 (as 3.1.1
/// §4.6) has a client send PUBACKs in the order the PUBLISH packets arrived, while the hub makes
/// messages durable out of order (InfluxDB batches, PostgreSQL rows); MQTTnet sends each
/// <c>AcknowledgeAsync</c> at once, on whatever connection it has then. So each received message
/// takes a place in line (<see cref="Register"/>); when it is durable its place is marked
/// (<see cref="Complete"/>), and the run of marked places at the front goes to one sender, which
/// acknowledges them in order.
/// <para>
/// A sequence belongs to one connection: <see cref="CloseAsync"/> (the connection ended) drops what
/// is still owed — the broker redelivers those to the resumed session — and waits for the sender, so
/// that no acknowledgement of the old connection can go out on the next one, where its packet
/// identifier may name another message.
/// </para>
/// </summary>
public sealed class AcknowledgementSequence
{
    private readonly Lock _lock = new();
    private readonly Queue<Place> _line = new();
    private readonly Channel<MqttApplicationMessageReceivedEventArgs> _due =
        Channel.CreateUnbounded<MqttApplicationMessageReceivedEventArgs>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<int>? _acknowledged;
    private readonly Task _sending;
    private bool _closed;

    /// <param name="acknowledged">Told how many acknowledgements were just sent (metrics).</param>
    public AcknowledgementSequence(Action<int>? acknowledged = null)
    {
        _acknowledged = acknowledged;
        _sending = Task.Run(SendAsync);
    }

    /// <summary>Messages registered and not yet acknowledged in order (held behind an earlier one, or not yet durable).</summary>
    public int Owed
    {
        get
        {
            lock (_lock)
            {
                return _line.Count;
            }
        }
    }

    /// <summary>Takes the next place in line for a message received on this connection; complete it once the message is durable.</summary>
    public Place Register(MqttApplicationMessageReceivedEventArgs received)
    {
        ArgumentNullException.ThrowIfNull(received);
        var place = new Place(this, received);
        lock (_lock)
        {
            if (!_closed)
            {
                _line.Enqueue(place);
            }
        }

        return place;
    }

    /// <summary>The connection ended: nothing more is acknowledged on it. Returns once its sender has stopped.</summary>
    public async Task CloseAsync()
    {
        lock (_lock)
        {
            _closed = true;
            _line.Clear();
        }

        _due.Writer.TryComplete();
        await _sending;
    }

    private void Complete(Place place)
    {
        lock (_lock)
        {
            place.Done = true;
            while (!_closed && _line.TryPeek(out var front) && front.Done)
            {
                _line.Dequeue();
                _due.Writer.TryWrite(front.Received);
            }
        }
    }

    private async Task SendAsync()
    {
        var reader = _due.Reader;
        while (await reader.WaitToReadAsync())
        {
            var sent = 0;
            while (reader.TryRead(out var received))
            {
                if (Volatile.Read(ref _closed))
                {
                    return;
                }

                try
                {
                    await received.AcknowledgeAsync(CancellationToken.None);
                    sent++;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The connection is gone (MQTTnet throws whatever its dead channel throws): the broker
                    // redelivers this and everything after it, and the next connection has its own sequence.
                    Volatile.Write(ref _closed, true);
                    return;
                }
            }

            _acknowledged?.Invoke(sent);
        }
    }

    /// <summary>A message's place in line.</summary>
    public sealed class Place
    {
        private readonly AcknowledgementSequence _sequence;
        private int _completed;

        internal Place(AcknowledgementSequence sequence, MqttApplicationMessageReceivedEventArgs received)
        {
            _sequence = sequence;
            Received = received;
        }

        internal MqttApplicationMessageReceivedEventArgs Received { get; }

        internal bool Done { get; set; }

        /// <summary>The message is durable; it is acknowledged once every earlier message of the connection is.</summary>
        public void Complete()
        {
            if (Interlocked.Exchange(ref _completed, 1) == 0)
            {
                _sequence.Complete(this);
            }
        }
    }
}
