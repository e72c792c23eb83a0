namespace Monitoring.Hub.Dashboard;

/// <summary>Finds the folder of the built dashboard; pure file-system look-ups, no configuration reading.</summary>
public static class DashboardRoot
{
    public const string IndexFile = "index.html";

    /// <summary>The repository-relative folder Vite builds into.</summary>
    public static readonly string RepositoryDist = Path.Combine("dashboards", "clinician", "dist");

    /// <summary>How many parent folders are searched for <see cref="RepositoryDist"/> (bin/Release/net10.0 is five below the repository).</summary>
    public const int MaxParentLevels = 6;

    /// <summary>An explicitly configured folder, resolved against the content root.</summary>
    public static string Resolve(string configured, string contentRoot) =>
        Path.GetFullPath(Path.Combine(contentRoot, configured));

    public static bool HasIndex(string folder) => File.Exists(Path.Combine(folder, IndexFile));

    /// <summary>
    /// The dashboard folder: the configured one (even if it lacks <c>index.html</c>: options
    /// validation reports that), else <c>wwwroot/</c> next to the hub's binaries (where a build that
    /// imports Dashboard.targets copies the files) or in the content root, else the nearest
    /// <c>dashboards/clinician/dist</c> above the content root or the binaries (a repository checkout:
    /// <c>dotnet run</c>, tests). Null when there is none.
    /// </summary>
    public static string? Find(string? configured, string contentRoot, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Resolve(configured, contentRoot);
        }

        foreach (var candidate in new[] { Path.Combine(baseDirectory, "wwwroot"), Path.Combine(contentRoot, "wwwroot") })
        {
            if (HasIndex(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        foreach (var start in new[] { contentRoot, baseDirectory })
        {
            var folder = new DirectoryInfo(Path.GetFullPath(start));
            for (var level = 0; folder is not null && level <= MaxParentLevels; level++, folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, RepositoryDist);
                if (HasIndex(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
