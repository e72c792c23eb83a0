using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Monitoring.Mqtt.Benchmarks;

/// <summary>The baseline receiver: one mosquitto_sub with <c>-C count</c>, payloads one per stdout line.</summary>
public sealed class MosquittoSubSubscriber : IBenchSubscriber
{
    private readonly BenchBroker _broker;
    private readonly string _clientId;
    private Process? _process;
    private Task _loop = Task.CompletedTask;

    public MosquittoSubSubscriber(BenchBroker broker, string clientId)
    {
        _broker = broker;
        _clientId = clientId;
    }

    public string Name => "mosquitto_sub";

    public async Task StartAsync(string topic, MqttQualityOfService qos, int count, SequenceTracker tracker, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("mosquitto_sub")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in _broker.CliArguments(_clientId))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var argument in new[] { "-q", ((int)qos).ToString(CultureInfo.InvariantCulture), "-t", topic, "-C", count.ToString(CultureInfo.InvariantCulture) })
        {
            startInfo.ArgumentList.Add(argument);
        }

        _process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start mosquitto_sub.");
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        var output = _process.StandardOutput;
        _loop = Task.Run(
            async () =>
            {
                var buffer = new byte[64 * 1024];
                while (await output.ReadLineAsync(CancellationToken.None) is { } line)
                {
                    var length = Encoding.UTF8.GetBytes(line, buffer);
                    tracker.Record(buffer.AsSpan(0, length));
                }
            },
            CancellationToken.None);

        // The broker logs "<client id> <qos> <filter>" (log_type subscribe) once the subscription exists.
        await _broker.Process.WaitForLogLineAsync(
            l => l.EndsWith($": {_clientId} {(int)qos} {topic}", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15),
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            // It is still waiting for messages that were lost.
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        await _loop;
        _process.Dispose();
    }
}
