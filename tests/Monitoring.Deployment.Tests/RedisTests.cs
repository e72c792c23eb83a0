using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Monitoring.Deployment.Tests;

/// <summary>
/// The compose stack's Redis keeps the local one's choices, and its start script and configuration,
/// run by the real redis-server (the container's paths aside), let the hubs' account in and nobody else.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RedisTests : IDisposable
{
    private const string Password = "deployment-test-redis";
    private readonly string _folder = Directory.CreateTempSubdirectory("deploy-redis-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheComposeRedisKeepsTheLocalChoicesAndHoldsNoSecret()
    {
        var deployed = Repository.ReadSettings("deploy/redis/redis.conf");
        var local = Repository.ReadSettings("scripts/services/redis.conf.template");

        foreach (var key in new[] { "save", "appendonly" })
        {
            Assert.True(deployed.TryGetValue(key, out var value) && value == local[key], $"{key}: compose {deployed.GetValueOrDefault(key)}, local {local[key]}");
        }

        Assert.Contains("user default off", Repository.Read("scripts/services/redis.conf.template").Split('\n'));
        // Accounts come from the ACL file start.sh writes from REDIS_PASSWORD, never from the committed file.
        Assert.Equal("/data/users.acl", deployed["aclfile"]);
        Assert.False(deployed.ContainsKey("user") || deployed.ContainsKey("requirepass"), "deploy/redis/redis.conf holds an account");
        var mounts = ComposeFile.List(ComposeFile.Load().Service("redis"), "volumes").Select(v => v.Split(':')).ToDictionary(p => p[1], p => p[0]);
        Assert.Equal("./deploy/redis/redis.conf", mounts["/usr/local/etc/redis/redis.conf"]);
        Assert.Equal("./deploy/redis/start.sh", mounts["/usr/local/etc/redis/start.sh"]);
        Assert.Contains("redis-server /usr/local/etc/redis/redis.conf", Repository.Read("deploy/redis/start.sh"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStartScriptsAccountLetsTheHubInAndTheDefaultUserNot()
    {
        var port = FreePort();
        // The container's paths become this folder's; the image's entry point runs the server on a free loopback port.
        var bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
        var entryPoint = Path.Combine(bin, "docker-entrypoint.sh");
        await File.WriteAllTextAsync(entryPoint,
            $"#!/bin/sh\nexec \"$@\" --port {port} --bind 127.0.0.1 --daemonize no\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(entryPoint, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = Path.Combine(_folder, "redis.conf");
        await File.WriteAllTextAsync(config, InFolder(Repository.Read("deploy/redis/redis.conf")), TestContext.Current.CancellationToken);
        var script = InFolder(Repository.Read("deploy/redis/start.sh")).Replace("/usr/local/etc/redis/redis.conf", config, StringComparison.Ordinal);
        var scriptPath = Path.Combine(_folder, "start.sh");
        await File.WriteAllTextAsync(scriptPath, script, TestContext.Current.CancellationToken);

        var start = new ProcessStartInfo("/bin/sh", [scriptPath]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["REDIS_PASSWORD"] = Password;
        start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        using var server = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
        try
        {
            await using var hub = await ConnectAsync($"127.0.0.1:{port},user=hub,password={Password},connectRetry=50");
            Assert.True(await hub.GetDatabase().StringSetAsync("deployment-test", "written"));
            Assert.Equal("written", (string?)await hub.GetDatabase().StringGetAsync("deployment-test"));
            await using var anonymous = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=false,connectTimeout=2000");
            await Assert.ThrowsAnyAsync<RedisException>(() => anonymous.GetDatabase().PingAsync());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "users.acl")));
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
        }
    }

    private string InFolder(string text) => text.Replace("/data", _folder, StringComparison.Ordinal);

    private static async Task<ConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        // The server may still be starting: wait (bounded) until the hub's login is through.
        for (var i = 0; i < 300 && !connection.IsConnected; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return connection;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
