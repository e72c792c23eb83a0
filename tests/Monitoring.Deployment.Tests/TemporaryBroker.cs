using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Monitoring.Deployment.Tests;

/// <summary>
/// A real Mosquitto (the binary scripts/services.sh installs) in a folder of its own on a free
/// loopback port, for checking the deployment's broker scripts and certificates. Stopped by its own
/// process id at the end; the folder is removed.
/// </summary>
public sealed class TemporaryBroker : IAsyncDisposable
{
    private readonly Process _process;

    private TemporaryBroker(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The dynamic-security plugin, where Debian and other distributions put it.</summary>
    public static string DynsecPlugin =>
        new[]
        {
            "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
            "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so",
            "/usr/lib/mosquitto_dynamic_security.so",
            "/usr/local/lib/mosquitto_dynamic_security.so",
        }.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("mosquitto_dynamic_security.so not found: install mosquitto 2 (scripts/services.sh does)");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>mosquitto -c</c> with <paramref name="configuration"/> (which must listen on <paramref name="port"/>) and waits until it accepts connections.</summary>
    public static async Task<TemporaryBroker> StartAsync(string folder, int port, string configuration)
    {
        // As root, Mosquitto would drop to user "mosquitto", which cannot read the test's files.
        var config = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllTextAsync(config, $"user {Environment.UserName}\nlog_dest file {Path.Combine(folder, "mosquitto.log")}\n{configuration}\n");
        var process = Process.Start(new ProcessStartInfo("mosquitto") { ArgumentList = { "-c", config }, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("mosquitto did not start");
        var broker = new TemporaryBroker(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()} {ReadLog(folder)}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return broker;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        await broker.DisposeAsync();
        throw new InvalidOperationException($"mosquitto did not listen on {port} within 30 s: {ReadLog(folder)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string ReadLog(string folder)
    {
        var log = Path.Combine(folder, "mosquitto.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
    }
}
