using System.Diagnostics;
using System.Text;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>The outcome of a finished command.</summary>
public sealed record ExternalProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public ExternalProcessResult EnsureSuccess(string what) =>
        ExitCode == 0
            ? this
            : throw new InvalidOperationException(
                $"{what} exited with {ExitCode}.{Environment.NewLine}stdout: {StandardOutput}{Environment.NewLine}stderr: {StandardError}");
}

/// <summary>Runs command-line tools (mosquitto_passwd, openssl, mosquitto_pub/sub) to completion, with a bound on time.</summary>
public static class ExternalProcess
{
    public static async Task<ExternalProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? standardInput = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        if (standardInput is not null)
        {
            startInfo.StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }

        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutCts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException(
                $"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not finish within {timeout.TotalSeconds:0.#} s."
                + $"{Environment.NewLine}stdout: {await stdout}{Environment.NewLine}stderr: {await stderr}");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ExternalProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
