using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Monitoring.Hub.Influx;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.Influx;

/// <summary>The writer against the real InfluxDB 1.x: schema, escaping, idempotency, refused lines isolated.</summary>
public sealed class InfluxWriterTests : IAsyncLifetime
{
    private readonly InfluxTestDatabase _influx = new();
    private ServiceProvider _services = null!;
    private InfluxWriter _writer = null!;

    public async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Influx:Url"] = _influx.Url.ToString(),
            ["Influx:Database"] = _influx.Name,
            ["Influx:Linger"] = "00:00:00.020",
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddMetrics()
            .AddInflux()
            .BuildServiceProvider();
        _writer = _services.GetRequiredService<InfluxWriter>();
        await ((IHostedService)_writer).StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await ((IHostedService)_writer).StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        await _influx.DisposeAsync();
    }

    private async Task<Receipt> WriteAsync(Action<LineProtocolWriter> build)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var lines = new LineProtocolWriter(buffer);
        build(lines);
        var receipt = new Receipt();
        await _writer.EnqueueAsync(new InfluxWriteItem(buffer.WrittenMemory.ToArray(), lines.LineCount, receipt), TestContext.Current.CancellationToken);
        await BoundedWait.ForAsync(receipt.Written.Task, TimeSpan.FromSeconds(30), "the write", TestContext.Current.CancellationToken);
        return receipt;
    }

    [Fact]
    public async Task CreatesTheDatabaseWithItsRetentionPolicyAsDefault()
    {
        await WriteAsync(w => w.Measurement("vitals").Tag("patient", "p").Field("spo2", 97.0).EndLine(DateTimeOffset.UtcNow));

        var policies = await _influx.RowsAsync("SHOW RETENTION POLICIES");
        var policy = Assert.Single(policies, p => p[0].GetString() == "rpm_raw");
        Assert.True(policy[4].GetBoolean());
    }

    [Fact]
    public async Task TagsAndStringsWithEveryEscapedCharacterComeBackAsWritten()
    {
        const string tag = "a b,c=d\\e";
        const string text = "say \"hi\" \\ there, = ok";
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        await WriteAsync(w => w.Measurement("events").Tag("device", tag).Field("symptom", text).EndLine(at));

        var rows = await _influx.RowsAsync("SELECT symptom, device FROM events");
        var row = Assert.Single(rows);
        Assert.Equal((text, tag), (row[1].GetString(), row[2].GetString()));
        Assert.Equal(at, DateTimeOffset.Parse(row[0].GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task TheSameSeriesAndTimestampTwiceIsOnePoint()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        for (var i = 0; i < 2; i++)
        {
            await WriteAsync(w => w.Measurement("vitals").Tag("patient", "twice").Field("pr", 80.0).EndLine(at));
        }

        Assert.Equal(1, await _influx.CountAsync("pr"));
    }

    [Fact]
    public async Task ARefusedLineIsIsolatedAndReportedAndTheRestOfTheBatchWritten()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        await WriteAsync(w => w.Measurement("vitals").Tag("patient", "typed").Field("temp", "warm").EndLine(at));

        var receipt = await WriteAsync(w =>
        {
            for (var i = 1; i <= 9; i++)
            {
                w.Measurement("vitals").Tag("patient", "batch").Field(i == 5 ? "temp" : "rr", 16.0 + i).EndLine(at.AddSeconds(i));
            }
        });

        var refused = Assert.Single(receipt.Refused);
        Assert.Contains("temp=21", refused.Line, StringComparison.Ordinal);
        Assert.Contains("400", refused.Error, StringComparison.Ordinal);
        Assert.Equal(8, await _influx.CountAsync("rr"));
    }

    private sealed class Receipt : IInfluxWriteCallback
    {
        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentBag<(string Line, string Error)> Refused { get; } = [];

        public void OnLineRejected(ReadOnlyMemory<byte> line, string error) => Refused.Add((System.Text.Encoding.UTF8.GetString(line.Span), error));

        public void OnWritten() => Written.TrySetResult();
    }
}
