using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Monitoring.Hub.Tests.Hosting;

/// <summary>A Serilog sink the hub picks up from its services (ReadFrom.Services): every event it logged.</summary>
public sealed class CapturedLogEvents : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
}
