using System.Globalization;
using System.Text;

namespace Monitoring.Mqtt.Benchmarks;

/// <summary>The results as one markdown document, printed and written to a file.</summary>
public sealed class BenchmarkReport
{
    private readonly StringBuilder _header = new();
    private readonly StringBuilder _text = new();

    public BenchmarkReport(MachineInfo machine, BenchmarkOptions options, SenmlPayload payload)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(payload);
        Header($"# MQTT benchmark, {DateTimeOffset.Now:yyyy-MM-dd HH:mm zzz}");
        Header();
        Header($"- CPU: {machine.CpuModel}; {machine.ProcessorCount} logical processors (nproc {machine.Nproc}); memory {machine.Memory}");
        Header($"- {machine.Os}; {machine.Runtime}; {machine.Mosquitto}");
        Header("- Broker: private Mosquitto on 127.0.0.1, persistence on, max_inflight_messages 20000, max_queued_messages 2147483647, max_queued_bytes 1 GiB (the shipped queue settings); "
            + "clients, broker and baseline tools share the machine.");
        Header($"- Payload: SenML, {payload.Size} bytes, e.g. `{payload.Text(0)}`");
        Header($"- Load average (1, 5, 15 min) at start: {MachineInfo.LoadAverage()}");
    }

    /// <summary>Ends the header with the load average now, after the runs.</summary>
    public void Complete()
    {
        Header($"- Load average at end: {MachineInfo.LoadAverage()}");
        Header();
    }

    public override string ToString() => _header.ToString() + _text;

    public void AddThroughput(IReadOnlyList<ThroughputResult> results, int messages)
    {
        ArgumentNullException.ThrowIfNull(results);
        Line($"## Throughput: {messages:N0} messages, one publisher connection to one subscriber connection");
        Line();
        Line("Timed from the first publish to the last receipt. Our subscriber acknowledges each message by hand (PUBACK after counting).");
        Line($"mosquitto_pub runs with `-l -M 1000` (messages from stdin, QoS 1 window 1,000 like our MaxInFlight), one process after another "
            + $"for {MosquittoPubPublisher.ChunkSize:N0} messages each: past 65,535 QoS 1 lines its `-l` mode quits early (message-id wrap).");
        Line();
        Line("| publisher → subscriber | QoS | received | lost | duplicates | seconds | msgs/s | broker CPU |");
        Line("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Line($"| {r.Publisher} → {r.Subscriber} | {(int)r.Qos} | {r.Received:N0} | {r.Lost:N0} | {r.Duplicates:N0}{(r.Unreadable > 0 ? $" ({r.Unreadable:N0} unreadable)" : "")} | {r.Seconds:0.00} | {r.MessagesPerSecond:N0} | {r.BrokerCpuPercent:0} % |");
        }

        Line();
    }

    public void AddSustained(SustainedResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Line($"## Sustained QoS 1 into one manually acknowledging subscriber ({result.Publishers} publisher connections, {result.Duration.TotalSeconds:0} s)");
        Line();
        Line("CPU in percent of one core while publishing (Mosquitto is single-threaded: near 100 % it is the limit).");
        Line();
        Line("| published | published msgs/s | received while publishing | **subscriber msgs/s** | target | received in all | lost | duplicates | drain after stop (s) | broker CPU | benchmark process CPU |");
        Line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Line($"| {result.Published:N0} | {result.PublishedPerSecond:N0} | {result.ReceivedInWindow:N0} | **{result.SubscriberPerSecond:N0}** | {SustainedResult.TargetMessagesPerSecond:N0} "
            + $"| {result.Received:N0} | {result.Lost:N0} | {result.Duplicates:N0} | {result.SecondsToDrain:0.0} | {result.BrokerCpuPercent:0} % | {result.BenchmarkCpuPercent:0} % |");
        Line();
    }

    public void AddMemory(ConnectionMemoryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Line($"## Memory of {result.Connections:N0} idle connections (keep-alive 60 s)");
        Line();
        Line("Managed heap from GC.GetTotalMemory(true), working set of this process, resident memory of a fresh broker; each after minus before, over the connections.");
        Line();
        Line("| connected | managed heap before → after | heap per connection | working set before → after | working set per connection | broker RSS per connection |");
        Line("|---:|---:|---:|---:|---:|---:|");
        Line($"| {result.Connected:N0} | {Mib(result.HeapBefore)} → {Mib(result.HeapAfter)} | {Kib(result.HeapPerConnection)} "
            + $"| {Mib(result.WorkingSetBefore)} → {Mib(result.WorkingSetAfter)} | {Kib(result.WorkingSetPerConnection)} | {Kib(result.BrokerRssPerConnection)} |");
        Line();
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.0} MiB");

    private static string Kib(double bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB ({bytes:N0} B)");

    private void Header(string text = "") => _header.Append(text).Append('\n');

    private void Line(string text = "") => _text.Append(text).Append('\n');
}
