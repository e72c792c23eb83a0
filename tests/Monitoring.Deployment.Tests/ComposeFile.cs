using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Monitoring.Deployment.Tests;

/// <summary>
/// docker-compose.yml as a YAML tree (anchors and merge keys applied, as Compose does), with the few
/// readings the checks need. Values keep their <c>${VAR}</c> references; <see cref="Interpolate"/> replaces them.
/// </summary>
public sealed partial class ComposeFile
{
    public const string FileName = "docker-compose.yml";

    private ComposeFile(string text, YamlMappingNode root)
    {
        Text = text;
        Root = root;
    }

    public string Text { get; }

    public YamlMappingNode Root { get; }

    public IReadOnlyDictionary<string, YamlMappingNode> Services =>
        ((YamlMappingNode)Root["services"]).Children.ToDictionary(c => Scalar(c.Key), c => (YamlMappingNode)c.Value);

    public IReadOnlyCollection<string> NamedVolumes =>
        Root.Children.TryGetValue(new YamlScalarNode("volumes"), out var volumes) && volumes is YamlMappingNode map
            ? [.. map.Children.Keys.Select(Scalar)]
            : [];

    public static ComposeFile Load()
    {
        var text = Repository.Read(FileName);
        var stream = new YamlStream();
        using var reader = new StringReader(text);
        stream.Load(new MergingParser(new Parser(reader)));
        return new ComposeFile(text, (YamlMappingNode)stream.Documents.Single().RootNode);
    }

    public YamlMappingNode Service(string name) =>
        Services.TryGetValue(name, out var service) ? service : throw new InvalidOperationException($"{FileName} has no service '{name}'.");

    /// <summary>A service's environment, whether written as a mapping or as a list of KEY=value.</summary>
    public static IReadOnlyDictionary<string, string> Environment(YamlMappingNode service)
    {
        if (!service.Children.TryGetValue(new YamlScalarNode("environment"), out var node))
        {
            return new Dictionary<string, string>();
        }

        return node switch
        {
            YamlMappingNode map => map.Children.ToDictionary(c => Scalar(c.Key), c => Scalar(c.Value), StringComparer.Ordinal),
            YamlSequenceNode list => list.Children.Select(Scalar).Select(e => e.Split('=', 2))
                .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.Ordinal),
            _ => throw new InvalidOperationException("environment is neither a mapping nor a list"),
        };
    }

    /// <summary>A list-valued key of a service (ports, expose, volumes, profiles); empty when absent.</summary>
    public static IReadOnlyList<string> List(YamlMappingNode service, string key) =>
        service.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlSequenceNode list
            ? [.. list.Children.Select(Scalar)]
            : [];

    public static string? Value(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return current is YamlScalarNode scalar ? scalar.Value : null;
    }

    public static YamlNode? Node(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>Every variable the file interpolates (<c>${NAME}</c>, <c>${NAME:-default}</c>, <c>${NAME:?error}</c>; <c>$$</c> is a literal '$').</summary>
    public IReadOnlySet<string> Variables() =>
        VariableReference().Matches(Text.Replace("$$", "", StringComparison.Ordinal)).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Replaces <c>${NAME...}</c> with the value in <paramref name="values"/>, else the default after <c>:-</c> or <c>-</c>.</summary>
    public static string Interpolate(string text, IReadOnlyDictionary<string, string> values) =>
        VariableReference().Replace(text.Replace("$$", "\u0001", StringComparison.Ordinal), m =>
        {
            var name = m.Groups["name"].Value;
            if (values.TryGetValue(name, out var value))
            {
                return value;
            }

            var modifier = m.Groups["modifier"].Value;
            return modifier.StartsWith(":-", StringComparison.Ordinal) ? modifier[2..]
                : modifier.StartsWith('-') ? modifier[1..]
                : throw new InvalidOperationException($"${{{name}}} has no value and no default");
        }).Replace("\u0001", "$", StringComparison.Ordinal);

    private static string Scalar(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? "" : throw new InvalidOperationException($"expected a scalar, found {node.NodeType} at {node.Start}");

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<modifier>:?[-?+][^}]*)?\}")]
    private static partial Regex VariableReference();
}
