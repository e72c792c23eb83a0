using System.Text.Json;

namespace Monitoring.Deployment.Tests;

/// <summary>One instruction of a Dockerfile (continuation lines joined).</summary>
public sealed record DockerInstruction(string Keyword, IReadOnlyList<string> Arguments, int Line);

/// <summary>A COPY or ADD: its sources (relative to the build context, or to stage <see cref="From"/>) and destination.</summary>
public sealed record DockerCopy(IReadOnlyList<string> Sources, string Destination, string? From, int Line);

/// <summary>
/// A Dockerfile read far enough to check its paths: instructions (comments and parser directives
/// skipped, '\' continuations joined), stage names, and the COPY/ADD instructions with their flags.
/// </summary>
public sealed class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<DockerInstruction> instructions)
    {
        Path = path;
        Instructions = instructions;
    }

    public string Path { get; }

    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>Names given with <c>FROM image AS name</c>, in order.</summary>
    public IReadOnlyList<string> Stages =>
        [.. Instructions.Where(i => i.Keyword == "FROM" && i.Arguments.Count == 3 && i.Arguments[1].Equals("AS", StringComparison.OrdinalIgnoreCase)).Select(i => i.Arguments[2])];

    public IEnumerable<DockerCopy> Copies =>
        Instructions.Where(i => i.Keyword is "COPY" or "ADD").Select(i =>
        {
            var from = i.Arguments.FirstOrDefault(a => a.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
            var paths = i.Arguments.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
            return new DockerCopy(paths[..^1], paths[^1], from, i.Line);
        });

    public static Dockerfile Load(string relativePath)
    {
        var lines = Repository.Read(relativePath).Split('\n');
        var instructions = new List<DockerInstruction>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var start = i + 1;
            var text = line;
            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                text = text[..^1] + " " + lines[++i].Trim();
            }

            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? text : text[..space]).ToUpperInvariant();
            var rest = space < 0 ? "" : text[(space + 1)..].Trim();
            IReadOnlyList<string> arguments = rest.StartsWith('[')
                ? JsonSerializer.Deserialize<string[]>(rest) ?? []
                : rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            instructions.Add(new DockerInstruction(keyword, arguments, start));
        }

        return new Dockerfile(relativePath, instructions);
    }
}
