namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>A received message, copied out of the client's buffers.</summary>
public sealed record CollectedMessage(string Topic, byte[] Payload, MqttQualityOfService Qos, bool Retain, bool Duplicate)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}

/// <summary>
/// Drains <see cref="MqttClient.Messages"/> in the background, copying each message and,
/// when asked to, acknowledging it (PUBACK) after the copy.
/// </summary>
public sealed class MessageCollector : IAsyncDisposable
{
    private readonly MqttClient _client;
    private readonly bool _acknowledge;
    private readonly List<CollectedMessage> _messages = [];
    private readonly List<Exception> _acknowledgeFailures = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private Exception? _fault;

    public MessageCollector(MqttClient client, bool acknowledge)
    {
        _client = client;
        _acknowledge = acknowledge;
        _loop = Task.Run(ReadAsync);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count;
            }
        }
    }

    public IReadOnlyList<CollectedMessage> Snapshot()
    {
        lock (_lock)
        {
            return [.. _messages];
        }
    }

    /// <summary>Acknowledgements that threw (the connection was down, say); the message was still collected.</summary>
    public IReadOnlyList<Exception> AcknowledgeFailures
    {
        get
        {
            lock (_lock)
            {
                return [.. _acknowledgeFailures];
            }
        }
    }

    public async Task WaitForCountAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await BoundedWait.UntilAsync(
            () => Count >= count || _fault is not null,
            timeout,
            () => $"expected {count} messages, received {Count}.",
            cancellationToken);
        if (_fault is not null)
        {
            Assert.Fail($"Reading messages failed after {Count}: {_fault}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var message in _client.Messages.ReadAllAsync(_stop.Token))
            {
                var copy = new CollectedMessage(
                    message.Topic, message.Payload.ToArray(), message.Qos, message.Retain, message.Duplicate);
                // Counted only after its PUBACK is handed to the client, so a test that has seen
                // all messages may disconnect without losing an acknowledgement.
                if (_acknowledge)
                {
                    try
                    {
                        await message.AcknowledgeAsync(_stop.Token);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        lock (_lock)
                        {
                            _acknowledgeFailures.Add(exception);
                        }
                    }
                }

                lock (_lock)
                {
                    _messages.Add(copy);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _fault = exception;
        }
    }
}
