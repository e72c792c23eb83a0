namespace Monitoring.Deployment.Tests;

/// <summary>The repository checkout the tests run from: found by walking up to Monitoring.sln.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>
    /// A "key value" configuration file (Mosquitto's, Redis's): each key's last value, comments and
    /// blank lines left out; a key alone has the empty value.
    /// </summary>
    public static Dictionary<string, string> ReadSettings(string relative) =>
        Read(relative).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Last().Length > 1 ? g.Last()[1] : "", StringComparer.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Monitoring.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Monitoring.sln above {AppContext.BaseDirectory}.");
    }
}
