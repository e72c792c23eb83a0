using System.Globalization;

namespace Monitoring.FirmwareSim.Load;

/// <summary>
/// The publish times of injected desaturation readings, one CSV line per message
/// (<c>injection,device,sequence,reading_time,published_at,acked_at,spo2</c>; times ISO-8601 UTC),
/// for the benchmark to match against the alarms the hub raised.
/// </summary>
public sealed class DesaturationReport : IDisposable
{
    public const string Header = "injection,device,sequence,reading_time,published_at,acked_at,spo2";

    private readonly TextWriter _writer;
    private readonly Lock _lock = new();

    public DesaturationReport(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _writer.WriteLine(Header);
    }

    public int Lines { get; private set; }

    public void Record(int injection, string deviceId, long sequence, DateTimeOffset readingTime, DateTimeOffset publishedAt, DateTimeOffset? ackedAt, double spo2)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{injection},{deviceId},{sequence},{readingTime.UtcDateTime:O},{publishedAt.UtcDateTime:O},{ackedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) ?? ""},{spo2}");
        lock (_lock)
        {
            _writer.WriteLine(line);
            _writer.Flush();
            Lines++;
        }
    }

    public void Dispose() => _writer.Dispose();
}
