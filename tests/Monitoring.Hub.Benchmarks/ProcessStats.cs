using System.Globalization;

namespace Monitoring.Hub.Benchmarks;

/// <summary>CPU seconds and resident memory of processes from /proc (no EventPipe tools here), and the whole machine's busy share.</summary>
public static class ProcessStats
{
    // USER_HZ: 100 on Linux for every architecture this runs on (sysconf(_SC_CLK_TCK)).
    private const double TicksPerSecond = 100;

    /// <summary>User plus system CPU seconds of the process (and, with <paramref name="children"/>, of its direct children), or null when gone.</summary>
    public static double? CpuSeconds(int pid, bool children = false)
    {
        var own = Stat(pid);
        if (own is null)
        {
            return null;
        }

        var total = own.Value.Cpu;
        if (children)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var child)
                    && child != pid && Stat(child) is { } stat && stat.Parent == pid)
                {
                    total += stat.Cpu;
                }
            }
        }

        return total;
    }

    /// <summary>Resident set size in bytes (VmRSS), or null when gone.</summary>
    public static long? ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>(busy, total) jiffies of all cores together, from /proc/stat.</summary>
    public static (long Busy, long Total) MachineTicks()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        var total = fields.Take(8).Sum();
        return (total - idle, total);
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public static int? PidFromFile(string path)
    {
        try
        {
            return int.TryParse(File.ReadLines(path).FirstOrDefault()?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static (double Cpu, int Parent)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may contain spaces (proc(5)).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (ticks / TicksPerSecond, parent);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
