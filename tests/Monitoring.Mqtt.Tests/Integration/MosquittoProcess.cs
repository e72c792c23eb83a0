using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>
/// A private Mosquitto broker: its own loopback ports, config, password file, ACL,
/// persistence folder and log under <see cref="MosquittoSettings.DataRoot"/>. Started,
/// stopped, killed, paused and resumed by PID, so tests can disrupt it without touching
/// the development stack. Used by the integration tests and by the benchmark.
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    public const string BrokerPath = "/usr/sbin/mosquitto";
    public const string ListenAddress = "127.0.0.1";

    private const int SigKill = 9;
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;
    private const int OutputLimit = 64 * 1024;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly MosquittoSettings _settings;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private Process? _process;
    private bool _hasStarted;

    private MosquittoProcess(MosquittoSettings settings, string directory, MosquittoCertificates? certificates)
    {
        _settings = settings;
        DataDirectory = directory;
        Certificates = certificates;
        ConfigPath = Path.Combine(directory, "mosquitto.conf");
        LogPath = Path.Combine(directory, "mosquitto.log");
    }

    public string Host => ListenAddress;

    /// <summary>Plain MQTT listener; chosen on the first start and kept across restarts.</summary>
    public int Port { get; private set; }

    /// <summary>TLS listener whose certificate chains to <see cref="MosquittoCertificates.CaFile"/>; 0 without TLS.</summary>
    public int TlsPort { get; private set; }

    /// <summary>TLS listener whose certificate chains to the untrusted CA; 0 without TLS.</summary>
    public int UntrustedTlsPort { get; private set; }

    public string DataDirectory { get; }

    public string ConfigPath { get; }

    public string LogPath { get; }

    public MosquittoCertificates? Certificates { get; }

    public int? ProcessId => IsRunning ? _process!.Id : null;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Writes the password file, ACL and (optionally) certificates; does not start the broker.</summary>
    public static async Task<MosquittoProcess> CreateAsync(MosquittoSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists(BrokerPath))
        {
            throw new InvalidOperationException(
                $"{BrokerPath} is missing: apt-get install -y mosquitto mosquitto-clients openssl");
        }

        var directory = Path.Combine(settings.DataRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "data"));

        var passwordFile = Path.Combine(directory, "passwd");
        var create = true;
        foreach (var (user, password) in settings.Users)
        {
            string[] arguments = create ? ["-b", "-c", passwordFile, user, password] : ["-b", passwordFile, user, password];
            (await ExternalProcess.RunAsync("mosquitto_passwd", arguments, TimeSpan.FromSeconds(30), cancellationToken: cancellationToken))
                .EnsureSuccess("mosquitto_passwd " + user);
            create = false;
        }

        await File.WriteAllLinesAsync(Path.Combine(directory, "acl"), settings.AclLines, cancellationToken);

        var certificates = settings.EnableTls
            ? await MosquittoCertificates.GenerateAsync(Path.Combine(directory, "certs"), cancellationToken)
            : null;
        return new MosquittoProcess(settings, directory, certificates);
    }

    /// <summary>Starts the broker unless it runs, and waits (bounded) until every listener accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            if (!_hasStarted)
            {
                // Ports are found by binding port 0; another process may take one before Mosquitto
                // binds it, so the first start retries with fresh ports.
                AllocatePorts();
            }

            await File.WriteAllTextAsync(ConfigPath, BuildConfig(), cancellationToken);
            StartProcess();
            try
            {
                await WaitUntilListeningAsync(cancellationToken);
                _hasStarted = true;
                return;
            }
            catch (InvalidOperationException) when (!_hasStarted && attempt < 3 && !IsRunning
                && (CapturedOutput().Contains("Address already in use", StringComparison.Ordinal)
                    || ReadLog().Contains("Address already in use", StringComparison.Ordinal)))
            {
            }
        }
    }

    /// <summary>SIGTERM, as a service manager would stop it: Mosquitto writes its persistence file first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!IsRunning)
        {
            return;
        }

        Signal(SigCont);
        Signal(SigTerm);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StopTimeout);
        try
        {
            await _process!.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillAsync();
        }
    }

    /// <summary>SIGKILL: the broker vanishes without saving anything; the kernel resets its connections.</summary>
    public async Task KillAsync()
    {
        if (!IsRunning)
        {
            return;
        }

        Signal(SigKill);
        await _process!.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>SIGSTOP: the broker stays connected but answers nothing (a half-open peer).</summary>
    public void Pause() => Signal(SigStop);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal(SigCont);

    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken);
        await StartAsync(cancellationToken);
    }

    public string ReadLog()
    {
        if (!File.Exists(LogPath))
        {
            return "";
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    public string ReadLogTail(int lines = 200)
    {
        var all = ReadLog().Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    /// <summary>Waits (bounded) for a log line that satisfies <paramref name="match"/> and returns it.</summary>
    public async Task<string> WaitForLogLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var line = ReadLog().Split('\n').FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"No matching line in the Mosquitto log within {timeout.TotalSeconds:0.#} s. Log tail:{Environment.NewLine}{ReadLogTail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    /// <summary>Process output, config and log tail, for a failing test's output.</summary>
    public string Describe(int logLines = 200) =>
        $"""
        Mosquitto pid {ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "(not running)"}, port {Port}, tls {TlsPort}, untrusted tls {UntrustedTlsPort}, folder {DataDirectory}
        --- process output ---
        {CapturedOutput()}
        --- last {logLines} log lines ({LogPath}) ---
        {ReadLogTail(logLines)}
        """;

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            Signal(SigCont);
            await KillAsync();
        }

        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left behind under the git-ignored .local folder; harmless.
        }
    }

    private void AllocatePorts()
    {
        Port = FindFreePort();
        if (_settings.EnableTls)
        {
            TlsPort = FindFreePort();
            UntrustedTlsPort = FindFreePort();
        }
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string BuildConfig()
    {
        var config = new StringBuilder();
        config.AppendLine("# Written by MosquittoProcess: a private broker for one test class or benchmark run.");
        config.AppendLine("per_listener_settings false");
        config.AppendLine("allow_anonymous false");
        config.AppendLine(CultureInfo.InvariantCulture, $"password_file {Path.Combine(DataDirectory, "passwd")}");
        config.AppendLine(CultureInfo.InvariantCulture, $"acl_file {Path.Combine(DataDirectory, "acl")}");
        config.AppendLine("persistence true");
        config.AppendLine(CultureInfo.InvariantCulture, $"persistence_location {Path.Combine(DataDirectory, "data")}/");
        // The project's queue settings (scripts/services/mosquitto.conf.template, docs/ingestion.md): a
        // count limit drops acknowledged QoS 1 messages for a subscriber that falls behind (the largest
        // value, not 0: 0 disconnects a client whose publish is denied); a byte limit protects memory.
        // ExtraConfig may override them (later lines win).
        config.AppendLine("max_queued_messages 2147483647");
        config.AppendLine("max_queued_bytes 1073741824");
        config.AppendLine("max_inflight_messages 20000");
        config.AppendLine(CultureInfo.InvariantCulture, $"log_dest file {LogPath}");
        foreach (var logType in _settings.LogTypes)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"log_type {logType}");
        }

        config.AppendLine("log_timestamp_format %Y-%m-%dT%H:%M:%S");
        if (Environment.UserName == "root")
        {
            // Started as root, Mosquitto drops to user "mosquitto", which cannot write this folder.
            config.AppendLine("user root");
        }

        foreach (var line in _settings.ExtraConfig)
        {
            config.AppendLine(line);
        }

        config.AppendLine(CultureInfo.InvariantCulture, $"listener {Port} {ListenAddress}");
        if (Certificates is not null)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"listener {TlsPort} {ListenAddress}");
            config.AppendLine(CultureInfo.InvariantCulture, $"cafile {Certificates.CaFile}");
            config.AppendLine(CultureInfo.InvariantCulture, $"certfile {Certificates.ServerCertificateFile}");
            config.AppendLine(CultureInfo.InvariantCulture, $"keyfile {Certificates.ServerKeyFile}");
            config.AppendLine(CultureInfo.InvariantCulture, $"listener {UntrustedTlsPort} {ListenAddress}");
            config.AppendLine(CultureInfo.InvariantCulture, $"cafile {Certificates.UntrustedCaFile}");
            config.AppendLine(CultureInfo.InvariantCulture, $"certfile {Certificates.UntrustedServerCertificateFile}");
            config.AppendLine(CultureInfo.InvariantCulture, $"keyfile {Certificates.UntrustedServerKeyFile}");
        }

        return config.ToString();
    }

    private void StartProcess()
    {
        _process?.Dispose();
        var startInfo = new ProcessStartInfo(BrokerPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(ConfigPath);
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => AppendOutput(e.Data);
        process.ErrorDataReceived += (_, e) => AppendOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        int[] ports = TlsPort == 0 ? [Port] : [Port, TlsPort, UntrustedTlsPort];
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException(
                    $"Mosquitto exited with code {_process.ExitCode} while starting.{Environment.NewLine}{Describe()}");
            }

            if (await AllAcceptAsync(ports, cancellationToken))
            {
                return;
            }

            if (elapsed.Elapsed > StartTimeout)
            {
                throw new InvalidOperationException(
                    $"Mosquitto did not accept connections within {StartTimeout.TotalSeconds:0} s.{Environment.NewLine}{Describe()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static async Task<bool> AllAcceptAsync(int[] ports, CancellationToken cancellationToken)
    {
        foreach (var port in ports)
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return true;
    }

    private void AppendOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            if (_output.Length < OutputLimit)
            {
                _output.AppendLine(line);
            }
        }
    }

    private string CapturedOutput()
    {
        lock (_outputLock)
        {
            return _output.ToString();
        }
    }

    private void Signal(int signal)
    {
        // A process that has just exited by itself answers ESRCH; that is not an error here.
        if (IsRunning && kill(_process!.Id, signal) != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException(
                $"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    // kill(2): .NET's Process.Kill only sends SIGKILL; the tests also need SIGTERM, SIGSTOP and SIGCONT.
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
