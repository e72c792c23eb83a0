using System.Globalization;
using Monitoring.Mqtt.Tests.Integration;

namespace Monitoring.Mqtt.Benchmarks;

/// <summary>
/// CPU time of a process from /proc/&lt;pid&gt;/stat (utime + stime), to tell which side is the
/// bottleneck: Mosquitto is single-threaded, so near 100 % of one core it cannot go faster.
/// </summary>
public sealed class CpuMeter
{
    private readonly double _ticksPerSecond;

    private CpuMeter(double ticksPerSecond) => _ticksPerSecond = ticksPerSecond;

    public static async Task<CpuMeter> CreateAsync(CancellationToken cancellationToken)
    {
        var result = await ExternalProcess.RunAsync("getconf", ["CLK_TCK"], TimeSpan.FromSeconds(10), cancellationToken: cancellationToken);
        return new CpuMeter(double.TryParse(result.StandardOutput.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : 100);
    }

    /// <summary>User plus system CPU seconds the process has used so far.</summary>
    public double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name, which is in parentheses and may contain spaces (proc(5)).
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (utime + stime) / _ticksPerSecond;
    }
}
