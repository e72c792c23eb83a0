namespace Monitoring.Deployment.Tests;

/// <summary>The committed <c>.env.example</c>: NAME=value lines, '#' comments.</summary>
public static class EnvExample
{
    public const string FileName = ".env.example";

    public static IReadOnlyDictionary<string, string> Load() =>
        Repository.Read(FileName).Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "", StringComparer.Ordinal);
}
