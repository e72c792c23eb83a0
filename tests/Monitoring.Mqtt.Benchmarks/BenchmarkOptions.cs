using System.Globalization;

namespace Monitoring.Mqtt.Benchmarks;

/// <summary>Command-line parameters; every one has a default that matches the brief (N = 200,000, 10 s, 4 publishers, 1,000 connections).</summary>
public sealed class BenchmarkOptions
{
    public const string Usage = """
        Usage: bench-mqtt.sh [options]
          --messages N         messages per throughput run (default 200000)
          --payload-size B     pad the SenML payload to B bytes (default: its natural ~120 bytes)
          --qos LIST           QoS levels for the throughput runs (default 0,1)
          --sustain-seconds S  length of the sustained QoS 1 run (default 10)
          --publishers P       publisher connections in the sustained run (default 4)
          --connections C      idle connections for the memory run (default 1000)
          --only LIST          throughput,sustained,memory (default all three);
                               baseline = only the mosquitto_pub -> mosquitto_sub pairs
          --output PATH        markdown report (default artifacts/bench-mqtt.md in the repository)
        """;

    public int Messages { get; private set; } = 200_000;

    public int PayloadSize { get; private set; }

    public IReadOnlyList<MqttQualityOfService> QosLevels { get; private set; } =
        [MqttQualityOfService.AtMostOnce, MqttQualityOfService.AtLeastOnce];

    public TimeSpan SustainDuration { get; private set; } = TimeSpan.FromSeconds(10);

    public int Publishers { get; private set; } = 4;

    public int Connections { get; private set; } = 1_000;

    public IReadOnlySet<string> Runs { get; private set; } = new HashSet<string> { "throughput", "sustained", "memory" };

    public string? Output { get; private set; }

    public bool ShowHelp { get; private set; }

    public static BenchmarkOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--messages":
                    options.Messages = PositiveInt(Value());
                    break;
                case "--payload-size":
                    options.PayloadSize = PositiveInt(Value());
                    break;
                case "--qos":
                    options.QosLevels = [.. Value().Split(',').Select(q => (MqttQualityOfService)byte.Parse(q, CultureInfo.InvariantCulture))];
                    break;
                case "--sustain-seconds":
                    options.SustainDuration = TimeSpan.FromSeconds(PositiveInt(Value()));
                    break;
                case "--publishers":
                    options.Publishers = PositiveInt(Value());
                    break;
                case "--connections":
                    options.Connections = PositiveInt(Value());
                    break;
                case "--only":
                    options.Runs = Value().Split(',').ToHashSet(StringComparer.OrdinalIgnoreCase);
                    break;
                case "--output":
                    options.Output = Value();
                    break;
                case "-h" or "--help":
                    options.ShowHelp = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        return options;
    }

    private static int PositiveInt(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"'{text}' is not a positive whole number.");
}
