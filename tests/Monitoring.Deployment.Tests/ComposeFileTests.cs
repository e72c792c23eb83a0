using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Monitoring.Hub.Hosting;
using Monitoring.Hub.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Monitoring.Deployment.Tests;

/// <summary>
/// docker-compose.yml cannot be run on the build machines (no Docker engine), so what can go wrong
/// without running it is checked here: paths, ports, the hub's configuration keys, secrets.
/// </summary>
public sealed partial class ComposeFileTests
{
    // The contract's defaults (../shared/contract.md, "Defaults on one machine").
    private const int MqttPort = 1883;
    private const int MqttTlsPort = 8883;
    private const int InfluxPort = 8086;
    private const int PostgresPort = 5432;

    // Redis's own default; the contract names no Redis (it is not part of the outside interface).
    private const int RedisPort = 6379;

    /// <summary>Keys the hub reads outside its options classes: the host's URLs and the console log format (Hosting/LoggingSetup.cs).</summary>
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase) { "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "Logging__Json" };

    private readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public void EveryServiceTheStackNeedsIsThere()
    {
        Assert.Superset(new HashSet<string> { "mosquitto", "mosquitto-setup", "influxdb", "postgres", "redis", "hub", "grafana", "simulator" }, _compose.Services.Keys.ToHashSet());
        Assert.Equal(["sim"], ComposeFile.List(_compose.Service("simulator"), "profiles"));
        Assert.All(_compose.Services.Where(s => s.Key != "simulator"), s => Assert.Empty(ComposeFile.List(s.Value, "profiles")));
    }

    [Fact]
    public void EveryMountedHostPathExistsAndEveryNamedVolumeIsDeclared()
    {
        var mounts = _compose.Services.SelectMany(s => ComposeFile.List(s.Value, "volumes").Select(v => (Service: s.Key, Source: v.Split(':')[0]))).ToList();

        Assert.NotEmpty(mounts);
        foreach (var (service, source) in mounts)
        {
            if (source.StartsWith('.') || source.StartsWith('/'))
            {
                var path = Repository.PathOf(source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{service} mounts {source}, which does not exist ({path})");
            }
            else
            {
                Assert.True(_compose.NamedVolumes.Contains(source), $"{service} uses volume {source}, which the top-level 'volumes' does not declare");
            }
        }
    }

    [Fact]
    public void MountedScriptsAreExecutableShellScripts()
    {
        var scripts = _compose.Services.SelectMany(s => ComposeFile.List(s.Value, "volumes"))
            .Select(v => v.Split(':')[0]).Where(s => s.EndsWith(".sh", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(scripts);
        Assert.All(scripts, s =>
        {
            Assert.StartsWith("#!/bin/sh", Repository.Read(s), StringComparison.Ordinal);
            Assert.DoesNotContain('\r', Repository.Read(s));
        });
    }

    [Theory]
    [InlineData("hub")]
    [InlineData("simulator")]
    public void ABuiltServicesDockerfileAndEveryPathItCopiesExist(string service)
    {
        var context = ComposeFile.Value(_compose.Service(service), "build", "context") ?? throw new InvalidOperationException($"{service} has no build context");
        var dockerfilePath = ComposeFile.Value(_compose.Service(service), "build", "dockerfile") ?? "Dockerfile";
        var contextDirectory = Repository.PathOf(context);
        Assert.True(File.Exists(Path.Combine(contextDirectory, dockerfilePath)), $"{service}: {dockerfilePath} is missing");
        var dockerfile = Dockerfile.Load(Path.GetRelativePath(Repository.Root, Path.Combine(contextDirectory, dockerfilePath)));
        var ignore = DockerIgnore.Load(contextDirectory);
        var copies = dockerfile.Copies.ToList();

        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            if (copy.From is { } stage)
            {
                Assert.True(dockerfile.Stages.Contains(stage), $"{dockerfile.Path}:{copy.Line} copies from stage '{stage}', which no FROM ... AS names");
                continue;
            }

            foreach (var source in copy.Sources)
            {
                var path = Path.Combine(contextDirectory, source);
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{dockerfile.Path}:{copy.Line} copies {source}, which does not exist");
                Assert.False(ignore.Excludes(source), $"{dockerfile.Path}:{copy.Line} copies {source}, which .dockerignore leaves out of the build context");
            }
        }
    }

    [Fact]
    public void TheHubImageRunsAsANonRootUserAndChecksReadiness()
    {
        var dockerfile = Dockerfile.Load("src/Monitoring.Hub/Dockerfile");
        var runtime = dockerfile.Instructions.SkipWhile(i => !(i.Keyword == "FROM" && i.Arguments[0].StartsWith("mcr.microsoft.com/dotnet/aspnet:", StringComparison.Ordinal))).ToList();

        Assert.NotEmpty(runtime);
        Assert.Contains(runtime, i => i.Keyword == "USER" && i.Arguments[0] is not ("root" or "0"));
        var port = new Uri(DefaultUrls.Hub).Port;
        Assert.Contains(runtime, i => i.Keyword == "HEALTHCHECK" && i.Arguments.Any(a => a.EndsWith($":{port}/health/ready", StringComparison.Ordinal)));
        Assert.Contains(runtime, i => i.Keyword == "ENV" && i.Arguments.Contains($"ASPNETCORE_URLS=http://+:{port}"));
        Assert.Contains(runtime, i => i.Keyword == "EXPOSE" && i.Arguments.Contains($"{port}"));
    }

    [Fact]
    public void PortsAgreeWithTheContractAndThePlainMqttListenerStaysInside()
    {
        Assert.Equal([MqttTlsPort], ContainerPorts("mosquitto", "ports"));
        Assert.Contains(MqttPort, ContainerPorts("mosquitto", "expose"));
        Assert.Equal([InfluxPort], ContainerPorts("influxdb", "ports"));
        Assert.Equal([PostgresPort], ContainerPorts("postgres", "ports"));
        Assert.Equal([new Uri(DefaultUrls.Hub).Port], ContainerPorts("hub", "ports"));
        // Redis serves the hubs only: on the compose network, never published on the host.
        Assert.Empty(ComposeFile.List(_compose.Service("redis"), "ports"));
        Assert.Equal([RedisPort], ContainerPorts("redis", "expose"));
        Assert.Contains($"port {RedisPort}", Repository.Read("deploy/redis/redis.conf").Split('\n'));
        // The databases are published on the host's loopback only.
        Assert.All(ComposeFile.List(_compose.Service("influxdb"), "ports").Concat(ComposeFile.List(_compose.Service("postgres"), "ports")),
            p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal));

        var listeners = ListenerLine().Matches(Repository.Read("deploy/mosquitto/mosquitto.conf")).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([MqttPort, MqttTlsPort], listeners);
    }

    [Fact]
    public void TheHubReachesEveryServiceOnTheContractsPorts()
    {
        var hub = HubEnvironment();

        Assert.Equal(("mosquitto", MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture)), (hub["Mqtt__Host"], hub["Mqtt__Port"]));
        Assert.Equal(new Uri($"http://influxdb:{InfluxPort}"), new Uri(hub["Influx__Url"]));
        var database = new Npgsql.NpgsqlConnectionStringBuilder(hub["Database__ConnectionString"]);
        Assert.Equal(("postgres", PostgresPort, "monitoring", "monitoring"), (database.Host, database.Port, database.Database, database.Username));
        var redis = StackExchange.Redis.ConfigurationOptions.Parse(hub["Redis__Configuration"]);
        var redisEndPoint = Assert.IsType<System.Net.DnsEndPoint>(Assert.Single(redis.EndPoints));
        Assert.Equal(("redis", RedisPort, "hub"), (redisEndPoint.Host, redisEndPoint.Port, redis.User));
        Assert.Equal(new Uri(DefaultUrls.Hub).Port, new Uri(hub["ASPNETCORE_URLS"].Replace("+", "hub", StringComparison.Ordinal)).Port);
        Assert.Contains($":{new Uri(DefaultUrls.Hub).Port}/health/ready", string.Join(' ', HealthCheck("hub")), StringComparison.Ordinal);
        Assert.Equal(("mosquitto", MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (ComposeFile.Environment(_compose.Service("simulator"))["Mqtt__Host"], ComposeFile.Environment(_compose.Service("simulator"))["Mqtt__Port"]));
    }

    [Fact]
    public void TheLocalScriptsUseTheSameDefaultPorts()
    {
        var services = Repository.Read("scripts/services.sh");

        Assert.Contains($"MQTT_PORT=${{MQTT_PORT:-{MqttPort}}}", services, StringComparison.Ordinal);
        Assert.Contains($"INFLUX_PORT=${{INFLUX_PORT:-{InfluxPort}}}", services, StringComparison.Ordinal);
        Assert.Contains($"PG_PORT=${{PG_PORT:-{PostgresPort}}}", services, StringComparison.Ordinal);
        Assert.Contains($"REDIS_PORT=${{REDIS_PORT:-{RedisPort}}}", services, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryKeyGivenToTheHubBindsToARealOptionsPropertyAndValidates()
    {
        var hub = HubEnvironment();
        var sections = OptionsTypes();
        var unknown = hub.Keys.Where(k => !HostKeys.Contains(k) && !sections.ContainsKey(k.Split("__")[0])).ToList();
        Assert.True(unknown.Count == 0, $"keys the hub has no options section for: {string.Join(", ", unknown)}");

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(hub.Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
        foreach (var section in hub.Keys.Where(k => !HostKeys.Contains(k)).Select(k => k.Split("__")[0]).Distinct())
        {
            var type = sections[section];
            // The binder itself refuses a key that names no property, at any depth (e.g. Mqtt__Tls__Enabled).
            var options = configuration.GetSection(section).Get(type, o => o.ErrorOnUnknownConfiguration = true)
                ?? throw new InvalidOperationException($"section {section} bound to nothing");
            var results = new List<ValidationResult>();
            Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true),
                $"{section}: {string.Join("; ", results.Select(r => r.ErrorMessage))}");
        }
    }

    [Fact]
    public void TheHubWaitsForHealthyDependenciesAndEveryLongRunningServiceIsHealthChecked()
    {
        var dependsOn = (YamlMappingNode)ComposeFile.Node(_compose.Service("hub"), "depends_on")!;
        var conditions = dependsOn.Children.ToDictionary(c => c.Key.ToString(), c => ComposeFile.Value((YamlMappingNode)c.Value, "condition"));

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["mosquitto"] = "service_healthy",
                ["mosquitto-setup"] = "service_completed_successfully",
                ["influxdb"] = "service_healthy",
                ["postgres"] = "service_healthy",
                ["redis"] = "service_healthy",
            },
            conditions);
        foreach (var (name, service) in _compose.Services.Where(s => s.Key is not ("mosquitto-setup" or "simulator")))
        {
            Assert.True(HealthCheck(name).Count > 0, $"{name} has no healthcheck");
        }

        foreach (var (name, service) in _compose.Services)
        {
            if (ComposeFile.Node(service, "depends_on") is YamlMappingNode deps)
            {
                Assert.All(deps.Children.Keys, d => Assert.True(_compose.Services.ContainsKey(d.ToString()), $"{name} depends on unknown service {d}"));
            }
        }
    }

    [Fact]
    public void TheEnvExampleNamesEveryVariableTheComposeFileUsesAndNoOther()
    {
        var example = EnvExample.Load();
        var used = _compose.Variables();

        Assert.Empty(used.Except(example.Keys));
        Assert.Empty(example.Keys.Except(used));
    }

    [Fact]
    public void SecretsComeFromTheEnvFileWhichIsNeverCommitted()
    {
        var hub = ComposeFile.Environment(_compose.Service("hub"));

        foreach (var key in new[] { "Admin__Password", "Auth__SigningKey", "Mqtt__Password", "Influx__Password" })
        {
            Assert.Matches(@"^\$\{[A-Z_]+:\?[^}]+\}$", hub[key]);
        }

        Assert.Contains(@"Password=${PG_PASSWORD:?", hub["Database__ConnectionString"], StringComparison.Ordinal);
        Assert.Contains(@"password=${REDIS_PASSWORD:?", hub["Redis__Configuration"], StringComparison.Ordinal);
        Assert.Contains(".env", Repository.Read(".gitignore").Split('\n').Select(l => l.Trim()));
        Assert.False(File.Exists(Repository.PathOf(".env")) && IsTracked(".env"), ".env is committed");
    }

    private static bool IsTracked(string path)
    {
        var result = ExternalProcess.RunAsync("git", ["-C", Repository.Root, "ls-files", "--error-unmatch", path], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return result.ExitCode == 0;
    }

    /// <summary>The hub's environment with every ${VAR} replaced by the .env.example value.</summary>
    private Dictionary<string, string> HubEnvironment() =>
        ComposeFile.Environment(_compose.Service("hub")).ToDictionary(e => e.Key, e => ComposeFile.Interpolate(e.Value, EnvExample.Load()), StringComparer.Ordinal);

    private IReadOnlyList<string> HealthCheck(string service) =>
        ComposeFile.Node(_compose.Service(service), "healthcheck") is YamlMappingNode check && ComposeFile.Node(check, "test") is YamlSequenceNode test
            ? [.. test.Children.Select(c => c.ToString())]
            : [];

    /// <summary>Container-side ports of a service's "ports" or "expose" entries ("host:container", "ip:host:container", "container").</summary>
    private List<int> ContainerPorts(string service, string key) =>
        [.. ComposeFile.List(_compose.Service(service), key).Select(p => int.Parse(p.Split(':')[^1].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Every class with a <c>SectionName</c> constant in the hub and the domain: section → options type.</summary>
    internal static Dictionary<string, Type> OptionsTypes() =>
        new[] { typeof(Program).Assembly, typeof(Monitoring.Domain.Thresholds.AlarmThresholds).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true })
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"^listener (\d+)", RegexOptions.Multiline)]
    private static partial Regex ListenerLine();
}
