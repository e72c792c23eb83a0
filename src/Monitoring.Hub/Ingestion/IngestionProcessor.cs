using System.Buffers;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Monitoring.Contracts.Senml;
using Monitoring.Contracts.Topics;
using Monitoring.Contracts.Validation;
using Monitoring.Hub.Influx;
using Monitoring.Hub.Observability;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// The one ingestion worker: for each message, in arrival order, parse the SenML, validate each
/// record, attribute it to the patient its device was on at the record's time, hand the valid
/// readings to the alarm engine (<see cref="IReadingObserver"/>, a batch of messages at a time,
/// patients with an urgent reading first: <see cref="HandOffLanes"/>), then queue them for InfluxDB;
/// rejected records and messages go to <see cref="RejectedStore"/>, status to
/// <see cref="DeviceStatusStore"/>. Nothing here waits on anything but those bounded hand-offs.
/// </summary>
public sealed partial class IngestionProcessor : BackgroundService
{
    private readonly IngestionQueue _queue;
    private readonly DeviceAttribution _attribution;
    private readonly IReadingObserver _observer;
    private readonly InfluxWriter _writer;
    private readonly RejectedStore _rejected;
    private readonly DeviceStatusStore _status;
    private readonly IngestionMetrics _metrics;
    private readonly ILogger<IngestionProcessor> _logger;
    private readonly IngestionOptions _options;
    private readonly SenmlParser _parser;
    private readonly ReadingValidator _validator;
    private readonly List<SenmlReading> _readings = [];
    private readonly List<SenmlRecordError> _errors = [];
    private readonly (int Count, string? Detail)[] _rejections = new (int, string?)[RejectionReasons.All.Count];
    private readonly ArrayBufferWriter<byte> _lines = new(64 * 1024);

    public IngestionProcessor(
        IngestionQueue queue,
        DeviceAttribution attribution,
        IReadingObserver observer,
        InfluxWriter writer,
        RejectedStore rejected,
        DeviceStatusStore status,
        IngestionMetrics metrics,
        IOptions<IngestionOptions> options,
        ILogger<IngestionProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _queue = queue;
        _attribution = attribution;
        _observer = observer;
        _writer = writer;
        _rejected = rejected;
        _status = status;
        _metrics = metrics;
        _logger = logger;
        _options = options.Value;
        _parser = new SenmlParser(_options.MaxRecordsPerMessage);
        _validator = new ReadingValidator(new ReadingValidatorOptions { MaxClockSkew = _options.MaxClockSkew });
    }

    /// <summary>Messages handed off at once: their readings go to the alarm engine in one call per patient.</summary>
    internal const int MaxBatch = 256;

    /// <summary>
    /// Two loops: the parser takes each message from the raw queue as it comes (parse, validate,
    /// attribute, classify) into the hand-off lanes; the hand-off takes up to <see cref="MaxBatch"/>
    /// of them at a time, urgent patients' first (<see cref="HandOffLanes"/>), to the alarm engine and
    /// InfluxDB. The backlog thus waits parsed, where an urgent reading can overtake it.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One loop ending (stopping, or a fault) ends the other: a hand-off that died must not leave
        // the parser waiting on full lanes while the host believes ingestion runs.
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var parse = ParseAsync(either.Token);
        var handOff = HandOffLoopAsync(either.Token);
        var ended = await Task.WhenAny(parse, handOff);
        await either.CancelAsync();
        await Task.WhenAll(parse, handOff).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        try
        {
            await ended;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not handed off stays unacknowledged and the broker redelivers it.
        }
    }

    private async Task ParseAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var lanes = _queue.Lanes;
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (_queue.Reader.TryRead(out var message))
            {
                PreparedMessage? prepared = null;
                try
                {
                    if (await PrepareAsync(message, stoppingToken) is { } ready)
                    {
                        prepared = new PreparedMessage(message, ready.Readings, ready.Write, UrgentReadings.AnyUrgent(ready.Readings));
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A bug, not bad input (bad input is rejected by reason): keep the message for inspection and go on.
                    LogProcessingFailed(_logger, ex, message.DeviceId ?? "(none)", message.Topic);
                    _rejected.Reject(message, RejectionReason.InvalidSenml, $"the hub could not process this message: {ex.GetType().Name}: {ex.Message}", 0);
                }

                if (prepared is null)
                {
                    // Nothing for the engine: the message is acknowledged when its rejection or status is stored.
                    message.CompletePart();
                    continue;
                }

                await lanes.AddAsync(prepared, stoppingToken);
            }
        }
    }

    private async Task HandOffLoopAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var prepared = new List<(IngestMessage Message, List<AttributedReading> Readings, InfluxWriteItem Write)>(MaxBatch);
        while (true)
        {
            var batch = await _queue.Lanes.TakeAsync(MaxBatch, stoppingToken);
            prepared.Clear();
            prepared.AddRange(batch.Select(p => (p.Message, p.Readings, p.Write)));
            await HandOffAsync(prepared, stoppingToken);
            foreach (var message in batch)
            {
                // Release the processor's own hold; the message is acknowledged when its last durable part completes.
                message.Message.CompletePart();
            }
        }
    }

    /// <summary>
    /// The batch's valid readings to the alarm engine first (an alarm never waits for a time-series
    /// write; the observer calls each patient's grain once with the patient's readings in arrival
    /// order), then each message's lines to InfluxDB. A message is acknowledged only after both.
    /// </summary>
    private async ValueTask HandOffAsync(List<(IngestMessage Message, List<AttributedReading> Readings, InfluxWriteItem Write)> prepared, CancellationToken ct)
    {
        if (prepared.Count == 0)
        {
            return;
        }

        var readings = prepared.Count == 1 ? prepared[0].Readings : [.. prepared.SelectMany(p => p.Readings)];
        try
        {
            await _observer.OnReadingsAsync(readings, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // An observer's fault must not cost the readings their storage.
            LogObserverFailed(_logger, ex, prepared[0].Message.DeviceId ?? "(none)", readings.Count);
        }

        foreach (var (message, _, write) in prepared)
        {
            message.AddPart();
            await _writer.EnqueueAsync(write, ct);
        }
    }

    /// <summary>One message alone (tests): prepared, handed to the alarm engine, queued for InfluxDB.</summary>
    internal async ValueTask ProcessAsync(IngestMessage message, CancellationToken ct)
    {
        if (await PrepareAsync(message, ct) is { } ready)
        {
            await HandOffAsync([(message, ready.Readings, ready.Write)], ct);
        }
    }

    /// <summary>
    /// Parses, validates and attributes one message; null when nothing of it is to be stored. The
    /// message's trace starts here: its readings and its InfluxDB write carry the span's context, so
    /// the engine's and the writer's spans join it though they run batched, after this one ends.
    /// </summary>
    private async ValueTask<(List<AttributedReading> Readings, InfluxWriteItem Write)?> PrepareAsync(IngestMessage message, CancellationToken ct)
    {
        using var activity = HubActivities.Source.StartActivity(HubActivities.Ingest, ActivityKind.Consumer);
        activity?.SetTag(HubActivities.TopicTag, message.Topic);
        if (!DeviceTopics.TryParse(message.Topic, out var deviceId, out var kind))
        {
            _metrics.MessageClassified(null);
            _rejected.Reject(message, RejectionReason.InvalidTopic, $"'{message.Topic}' is not rpm/v1/devices/{{deviceId}}/telemetry|events|status", 0);
            return null;
        }

        _metrics.MessageClassified(kind);
        message.DeviceId = deviceId;
        activity?.SetTag(HubActivities.DeviceIdTag, deviceId);
        var device = await _attribution.GetAsync(deviceId, ct);
        if (device is null)
        {
            _rejected.Reject(message, RejectionReason.UnknownDevice, $"device '{deviceId}' is not registered", 0);
            return null;
        }

        if (kind == DeviceTopicKind.Status)
        {
            if (DeviceStatusValues.Parse(message.Payload.Span) is { } status)
            {
                _status.Status(message, deviceId, status, message.ReceivedAt);
            }
            else
            {
                _rejected.Reject(message, RejectionReason.InvalidStatus, "a status payload is 'online' or 'offline'", 0);
            }

            return null;
        }

        _status.Seen(deviceId, message.ReceivedAt);
        if (message.Payload.Length > _options.MaxPayloadBytes)
        {
            _rejected.Reject(message, RejectionReason.PayloadTooLarge, $"{message.Payload.Length} bytes; at most {_options.MaxPayloadBytes} are accepted", 0);
            return null;
        }

        _readings.Clear();
        _errors.Clear();
        var pack = _parser.Parse(message.Payload.Span, message.ReceivedAt, deviceId, _readings, _errors);
        if (!pack.IsPackValid)
        {
            _rejected.Reject(message, pack.PackError!.Value, pack.Detail ?? "", 0);
            return null;
        }

        Array.Clear(_rejections);
        foreach (var error in _errors)
        {
            Count(error.Reason, error.Detail);
        }

        var valid = new List<AttributedReading>(_readings.Count);
        _lines.ResetWrittenCount();
        var lines = new LineProtocolWriter(_lines);
        var rechecked = false;
        foreach (var reading in _readings)
        {
            var check = _validator.Validate(kind, reading, message.ReceivedAt);
            if (!check.IsValid)
            {
                Count(check.Reason!.Value, $"record {reading.Index}: {check.Detail}");
                continue;
            }

            var assignment = device.At(reading.Time);
            if (assignment is null && !rechecked)
            {
                // Perhaps assigned moments ago (by another hub instance): look again, once per message, rate-limited.
                rechecked = true;
                device = await _attribution.RecheckAsync(device, ct);
                assignment = device.At(reading.Time);
            }

            if (assignment is null)
            {
                Count(RejectionReason.UnassignedDevice, $"record {reading.Index}: device '{deviceId}' was assigned to no patient at {reading.Time:O}");
                continue;
            }

            var attributed = new AttributedReading(
                device.DeviceId, assignment.PatientId, assignment.ClinicId, kind, reading.Name, reading.Kind, reading.Value, reading.Text, reading.Flag,
                reading.Time, message.ReceivedAt)
            {
                Trace = activity?.Context ?? default,
            };
            valid.Add(attributed);
            ReadingLines.Append(lines, attributed, assignment);
        }

        for (var i = 0; i < _rejections.Length; i++)
        {
            if (_rejections[i] is { Count: > 0 } rejection)
            {
                var detail = rejection.Count == 1 ? rejection.Detail! : $"{rejection.Count} records, e.g. {rejection.Detail}";
                _rejected.Reject(message, RejectionReasons.All[i], detail, rejection.Count);
            }
        }

        if (valid.Count == 0)
        {
            return null;
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(HubActivities.ReadingIdsTag, valid.Select(HubActivities.ReadingId).ToArray());
        }

        return (valid, new InfluxWriteItem(_lines.WrittenSpan.ToArray(), lines.LineCount, new WriteReceipt(message, _rejected), activity?.Context ?? default));
    }

    private void Count(RejectionReason reason, string detail)
    {
        ref var slot = ref _rejections[(int)reason];
        slot = (slot.Count + 1, slot.Detail ?? detail);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not process a message from device {DeviceId} on {Topic}; it is kept as rejected")]
    private static partial void LogProcessingFailed(ILogger logger, Exception exception, string deviceId, string topic);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reading observer failed on {Count} readings of device {DeviceId}; they are still stored")]
    private static partial void LogObserverFailed(ILogger logger, Exception exception, string deviceId, int count);
}
