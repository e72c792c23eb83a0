using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Monitoring.Mqtt.Benchmarks;

/// <summary>
/// The baseline sender: mosquitto_pub with <c>-l</c>, one message per stdin line over one
/// connection, with <c>-M</c> raising its QoS 1 window to our client's MaxInFlight.
/// </summary>
/// <remarks>
/// Runs one process after another for at most <see cref="ChunkSize"/> messages each: with
/// <c>-l -q 1</c>, mosquitto_pub 2.0.11 disconnects when the PUBACK carrying the message id of
/// its last line arrives, and message ids wrap at 65,535, so beyond that it quits early
/// (200,000 lines: 69,150 sent).
/// </remarks>
public sealed class MosquittoPubPublisher : IBenchPublisher
{
    public const int ChunkSize = 50_000;
    private const int MaxInFlight = 1_000;
    private readonly BenchBroker _broker;
    private readonly SenmlPayload _payload;
    private readonly string _clientId;

    public MosquittoPubPublisher(BenchBroker broker, SenmlPayload payload, string clientId)
    {
        _broker = broker;
        _payload = payload;
        _clientId = clientId;
    }

    public string Name => "mosquitto_pub";

    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task PublishAsync(string topic, MqttQualityOfService qos, int count, CancellationToken cancellationToken)
    {
        for (var first = 0; first < count; first += ChunkSize)
        {
            await PublishChunkAsync(topic, qos, first, Math.Min(count, first + ChunkSize), cancellationToken);
        }
    }

    private async Task PublishChunkAsync(string topic, MqttQualityOfService qos, int first, int end, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("mosquitto_pub")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A client id per process: reusing one would make the broker take the session over
        // from the previous process and drop the QoS 0 tail still unread in its socket.
        foreach (var argument in _broker.CliArguments($"{_clientId}-{first / ChunkSize}"))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var argument in new[] { "-q", ((int)qos).ToString(CultureInfo.InvariantCulture), "-M", MaxInFlight.ToString(CultureInfo.InvariantCulture), "-t", topic, "-l" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start mosquitto_pub.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await using (var input = new StreamWriter(process.StandardInput.BaseStream, new UTF8Encoding(false), bufferSize: 1 << 16))
        {
            input.NewLine = "\n";
            for (var i = first; i < end; i++)
            {
                await input.WriteLineAsync(_payload.Text(i));
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub exited with {process.ExitCode}: {await stderr}");
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
