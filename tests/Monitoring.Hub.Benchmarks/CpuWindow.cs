using System.Diagnostics;

namespace Monitoring.Hub.Benchmarks;

/// <summary>CPU used by the named processes (those of one name summed) and by the whole machine between its start and <see cref="Finish"/>; 100 % is one core.</summary>
public sealed class CpuWindow
{
    private readonly IReadOnlyList<Watched> _processes;
    private readonly Dictionary<Watched, double> _start = [];
    private readonly (long Busy, long Total) _machineStart = ProcessStats.MachineTicks();
    private readonly long _started = Stopwatch.GetTimestamp();

    public CpuWindow(IReadOnlyList<Watched> processes)
    {
        _processes = processes;
        foreach (var process in processes)
        {
            _start[process] = ProcessStats.CpuSeconds(process.Pid, process.Children) ?? 0;
        }
    }

    /// <summary>CPU % of each process over the window, and "machine" (all cores busy = 100 × cores).</summary>
    public Dictionary<string, double> Finish()
    {
        var seconds = Math.Max(Stopwatch.GetElapsedTime(_started).TotalSeconds, 0.001);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var process in _processes)
        {
            if (ProcessStats.CpuSeconds(process.Pid, process.Children) is { } now)
            {
                // With children (PostgreSQL's backends), one that exits takes its CPU time with it: never below 0.
                var percent = Math.Max(0, now - _start[process]) / seconds * 100;
                result[process.Name] = Math.Round(result.GetValueOrDefault(process.Name) + percent, 1);
            }
        }

        var (busy, total) = ProcessStats.MachineTicks();
        var share = (double)(busy - _machineStart.Busy) / Math.Max(1, total - _machineStart.Total);
        result["machine"] = Math.Round(share * Environment.ProcessorCount * 100, 1);
        return result;
    }
}
