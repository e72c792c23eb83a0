using System.Runtime.InteropServices;
using Monitoring.Mqtt.Tests.Integration;

namespace Monitoring.Mqtt.Benchmarks;

/// <summary>What the numbers were measured on.</summary>
public sealed record MachineInfo(string CpuModel, int ProcessorCount, string Nproc, string Memory, string Os, string Runtime, string Mosquitto)
{
    /// <summary>1, 5 and 15 minute load averages: other work on a shared machine skews every number here.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public static async Task<MachineInfo> CollectAsync(CancellationToken cancellationToken)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?["MemTotal:".Length..].Trim()
            : null;
        var nproc = (await ExternalProcess.RunAsync("nproc", [], TimeSpan.FromSeconds(10), cancellationToken: cancellationToken)).StandardOutput.Trim();
        // mosquitto -h prints its version on the first line and exits with 3.
        var help = await ExternalProcess.RunAsync(MosquittoProcess.BrokerPath, ["-h"], TimeSpan.FromSeconds(10), cancellationToken: cancellationToken);
        var version = (help.StandardOutput + help.StandardError).Split('\n').FirstOrDefault(l => l.Contains("version", StringComparison.Ordinal))?.Trim();
        return new MachineInfo(
            cpu ?? "unknown",
            Environment.ProcessorCount,
            nproc,
            memory ?? "unknown",
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            version ?? "unknown");
    }
}
