using System.Diagnostics;
using System.Globalization;

namespace Monitoring.Mqtt.Benchmarks;

public sealed record ConnectionMemoryResult(
    int Connections,
    int Connected,
    long HeapBefore,
    long HeapAfter,
    long WorkingSetBefore,
    long WorkingSetAfter,
    long BrokerRssBefore,
    long BrokerRssAfter)
{
    public double HeapPerConnection => (HeapAfter - HeapBefore) / (double)Math.Max(1, Connected);

    public double WorkingSetPerConnection => (WorkingSetAfter - WorkingSetBefore) / (double)Math.Max(1, Connected);

    public double BrokerRssPerConnection => (BrokerRssAfter - BrokerRssBefore) / (double)Math.Max(1, Connected);
}

/// <summary>What an idle connection (keep-alive 60 s) costs this process, and the broker.</summary>
public static class ConnectionMemoryRun
{
    private const int ConnectConcurrency = 50;
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(60);

    public static async Task<ConnectionMemoryResult> RunAsync(BenchBroker broker, int connections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broker);
        // Warm-up, so JIT-compiled code and static buffers do not count as per-connection cost.
        await using (var warmUp = new MqttClient(broker.ClientOptions("bench-mem-warmup", KeepAlive)))
        {
            await warmUp.ConnectAsync(cancellationToken);
            await warmUp.DisconnectAsync(cancellationToken);
        }

        var brokerPid = broker.Process.ProcessId ?? throw new InvalidOperationException("The broker is not running.");
        var brokerBefore = ResidentBytes(brokerPid);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = WorkingSet();

        var clients = new MqttClient[connections];
        using var gate = new SemaphoreSlim(ConnectConcurrency);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                clients[i] = new MqttClient(broker.ClientOptions($"bench-idle-{i:D5}", KeepAlive));
                await clients[i].ConnectAsync(cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
        // Let connect-time garbage and socket buffers settle.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetAfter = WorkingSet();
        var brokerAfter = ResidentBytes(brokerPid);
        var connected = clients.Count(c => c.IsConnected);

        await Task.WhenAll(clients.Select(async c =>
        {
            await c.DisconnectAsync(cancellationToken);
            await c.DisposeAsync();
        }));
        return new ConnectionMemoryResult(
            connections, connected, heapBefore, heapAfter, workingSetBefore, workingSetAfter, brokerBefore, brokerAfter);
    }

    private static long WorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }

    /// <summary>VmRSS from /proc/&lt;pid&gt;/status, in bytes.</summary>
    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }
}
