using System.Globalization;
using Monitoring.Mqtt.Benchmarks;
using Monitoring.Mqtt.Tests.Integration;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchmarkOptions.Usage);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var ct = cancel.Token;

var payload = new SenmlPayload(options.PayloadSize);
var machine = await MachineInfo.CollectAsync(ct);
var cpu = await CpuMeter.CreateAsync(ct);
var report = new BenchmarkReport(machine, options, payload);
Console.WriteLine($"{machine.CpuModel}, {machine.ProcessorCount} cores (nproc {machine.Nproc}), {machine.Mosquitto}, payload {payload.Size} B");

await using (var broker = await BenchBroker.StartAsync(ct))
{
    try
    {
        if (options.Runs.Contains("throughput") || options.Runs.Contains("baseline"))
        {
            var results = new List<ThroughputResult>();
            foreach (var qos in options.QosLevels)
            {
                var id = $"q{(int)qos}";
                // Created one pair at a time, so each run starts with fresh clients.
                (Func<IBenchPublisher> Publisher, Func<IBenchSubscriber> Subscriber)[] pairs =
                [
                    (() => new MosquittoPubPublisher(broker, payload, $"bench-{id}-cli-pub"), () => new MosquittoSubSubscriber(broker, $"bench-{id}-cli-sub")),
                    (() => new ClientPublisher(broker, payload, $"bench-{id}-our-pub"), () => new ClientSubscriber(broker, $"bench-{id}-our-sub")),
                    (() => new ClientPublisher(broker, payload, $"bench-{id}-our-pub-mixed"), () => new MosquittoSubSubscriber(broker, $"bench-{id}-cli-sub-mixed")),
                    (() => new MosquittoPubPublisher(broker, payload, $"bench-{id}-cli-pub-mixed"), () => new ClientSubscriber(broker, $"bench-{id}-our-sub-mixed")),
                ];
                foreach (var (createPublisher, createSubscriber) in options.Runs.Contains("throughput") ? pairs : pairs[..1])
                {
                    var publisher = createPublisher();
                    var subscriber = createSubscriber();
                    Console.Write($"QoS {(int)qos}: {publisher.Name} -> {subscriber.Name} ... ");
                    var result = await ThroughputRun.RunAsync(
                        publisher, subscriber, qos, options.Messages, () => cpu.CpuSeconds(broker.Process.ProcessId!.Value), ct);
                    Console.WriteLine($"{result.MessagesPerSecond:N0} msgs/s, received {result.Received:N0}, lost {result.Lost:N0}, duplicates {result.Duplicates:N0}");
                    results.Add(result);
                }
            }

            report.AddThroughput(results, options.Messages);
        }

        if (options.Runs.Contains("sustained"))
        {
            Console.Write($"Sustained QoS 1, {options.Publishers} publishers, {options.SustainDuration.TotalSeconds:0} s ... ");
            var sustained = await SustainedRun.RunAsync(broker, payload, cpu, options.Publishers, options.SustainDuration, ct);
            Console.WriteLine($"subscriber {sustained.SubscriberPerSecond:N0} msgs/s, lost {sustained.Lost:N0}");
            report.AddSustained(sustained);
        }

        if (options.Runs.Contains("memory"))
        {
            Console.Write($"{options.Connections:N0} idle connections ... ");
            // A broker of its own: after the throughput runs, Mosquitto's allocator has memory
            // to spare and its resident size would not grow with new connections.
            await using var idleBroker = await BenchBroker.StartAsync(ct);
            var memory = await ConnectionMemoryRun.RunAsync(idleBroker, options.Connections, ct);
            Console.WriteLine($"{memory.HeapPerConnection:N0} B managed heap per connection");
            report.AddMemory(memory);
        }
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        Console.Error.WriteLine(e);
        Console.Error.WriteLine(broker.Process.Describe(50));
        return 1;
    }
}

var output = options.Output
    ?? Path.Combine(MosquittoSettings.FindRepositoryRoot() ?? Environment.CurrentDirectory, "artifacts", "bench-mqtt.md");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
report.Complete();
await File.WriteAllTextAsync(output, report.ToString(), ct);
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine($"Written to {output}");
return 0;
