using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>Sends a client's log (Information and above) to the output of the test that created it.</summary>
public sealed class TestOutputLogger : ILogger<MqttClient>
{
    private readonly ITestOutputHelper? _output = TestContext.Current.TestOutputHelper;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly string _clientId;

    public TestOutputLogger(string clientId) => _clientId = clientId;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel) || _output is null)
        {
            return;
        }

        var line = $"[{_elapsed.Elapsed.TotalSeconds,7:0.000}s {_clientId} {logLevel}] {formatter(state, exception)}";
        try
        {
            _output.WriteLine(exception is null ? line : $"{line}{Environment.NewLine}{exception}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; a background loop logged after it.
        }
    }
}
