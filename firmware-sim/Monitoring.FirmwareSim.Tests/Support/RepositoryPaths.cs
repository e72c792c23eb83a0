namespace Monitoring.FirmwareSim.Tests.Support;

internal static class RepositoryPaths
{
    /// <summary>firmware-sim/scenarios, found by walking up from the test binaries.</summary>
    public static string Scenarios
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "firmware-sim", "scenarios");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }

                if (dir.Name == "firmware-sim" && Directory.Exists(Path.Combine(dir.FullName, "scenarios")))
                {
                    return Path.Combine(dir.FullName, "scenarios");
                }
            }

            throw new DirectoryNotFoundException("firmware-sim/scenarios not found above " + AppContext.BaseDirectory);
        }
    }
}
