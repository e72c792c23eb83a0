namespace Monitoring.Mqtt.Tests.Integration;

/// <summary>What a private <see cref="MosquittoProcess"/> is configured with.</summary>
public sealed class MosquittoSettings
{
    /// <summary>User name to password; written with <c>mosquitto_passwd -b</c>.</summary>
    public required IReadOnlyDictionary<string, string> Users { get; init; }

    /// <summary>Lines of the <c>acl_file</c> (<c>user x</c>, <c>topic readwrite #</c>, ...).</summary>
    public required IReadOnlyList<string> AclLines { get; init; }

    /// <summary>Folder under which the broker gets its own <c>&lt;guid&gt;</c> folder.</summary>
    public required string DataRoot { get; init; }

    /// <summary>Adds a TLS listener with a certificate from a generated CA, and one with a certificate from a second, untrusted CA.</summary>
    public bool EnableTls { get; init; }

    /// <summary>
    /// <c>log_type</c> values. "all" includes a debug line per packet, which the tests read
    /// (DUP flags) but which slows the broker down too much for a benchmark.
    /// </summary>
    public IReadOnlyList<string> LogTypes { get; init; } = ["all"];

    /// <summary>Further configuration lines, appended to the general section.</summary>
    public IReadOnlyList<string> ExtraConfig { get; init; } = [];

    /// <summary>The checkout this code runs from (the folder with Monitoring.sln), if any.</summary>
    public static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Monitoring.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>The repository's <c>.local/&lt;sub&gt;</c> folder (git-ignored), or the temp folder outside a checkout.</summary>
    public static string LocalDataRoot(string subfolder) =>
        FindRepositoryRoot() is { } root
            ? Path.Combine(root, ".local", subfolder)
            : Path.Combine(Path.GetTempPath(), "monitoring", subfolder);
}
