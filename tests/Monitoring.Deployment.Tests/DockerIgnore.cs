using System.Text.RegularExpressions;

namespace Monitoring.Deployment.Tests;

/// <summary>The build context's <c>.dockerignore</c>, matched as Docker does for the patterns used here (<c>**</c>, <c>*</c>, trailing '/').</summary>
public sealed class DockerIgnore(IReadOnlyList<Regex> patterns)
{
    public static DockerIgnore Load(string contextDirectory)
    {
        var file = Path.Combine(contextDirectory, ".dockerignore");
        var lines = File.Exists(file) ? File.ReadAllLines(file) : [];
        return new DockerIgnore([.. lines.Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('!'))
            .Select(ToRegex)]);
    }

    /// <summary>Whether a path (relative to the context, '/' separated) or one of its parent folders is excluded.</summary>
    public bool Excludes(string relativePath)
    {
        var parts = relativePath.Trim('/').Split('/');
        for (var n = 1; n <= parts.Length; n++)
        {
            var prefix = string.Join('/', parts[..n]);
            if (patterns.Any(p => p.IsMatch(prefix)))
            {
                return true;
            }
        }

        return false;
    }

    private static Regex ToRegex(string pattern)
    {
        var body = Regex.Escape(pattern.Trim('/'))
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex($"^{body}$", RegexOptions.CultureInvariant);
    }
}
