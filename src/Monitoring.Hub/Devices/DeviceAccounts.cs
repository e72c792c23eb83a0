using System.Text.Json.Nodes;
using Monitoring.Hub.Api;

namespace Monitoring.Hub.Devices;

/// <summary>
/// Device accounts on the broker (dynamic-security plugin): username = client id = device id,
/// password = the secret issued at registration (the broker stores only its salted hash), and a
/// role <c>device-{id}</c> that may publish only under <c>rpm/v1/devices/{id}/#</c>; the
/// plugin's default ACLs deny every other publish and every subscription.
/// </summary>
public sealed partial class DeviceAccounts(DynamicSecurityClient dynsec, ILogger<DeviceAccounts> logger)
{
    /// <summary>Marks accounts this hub created, so a leftover from a failed registration can be told from an operator's account.</summary>
    public const string TextName = "rpm device (created by the monitoring hub)";

    /// <summary>The contract's device topic root, <c>rpm/v1/devices/{deviceId}/...</c>.</summary>
    public const string TopicPrefix = "rpm/v1/devices/";

    public static string RoleName(string deviceId) => $"device-{deviceId}";

    public static string PublishFilter(string deviceId) => $"{TopicPrefix}{deviceId}/#";

    /// <summary>
    /// Creates the account and its role. False when an account with this username exists that
    /// this hub did not leave behind (e.g. <c>hub</c>, <c>admin</c>). Call it only while holding the
    /// device's registry row (uncommitted insert), so no other registration of the id runs at once.
    /// </summary>
    public async Task<bool> CreateAsync(string deviceId, string secret, CancellationToken cancellationToken)
    {
        var created = await dynsec.SendAsync([CreateClient(deviceId, secret)], cancellationToken);
        if (created[0].Error is { } error)
        {
            if (!error.Contains("already exists", StringComparison.OrdinalIgnoreCase) || !await IsLeftoverAsync(deviceId, cancellationToken))
            {
                LogAccountExists(logger, deviceId, error);
                return false;
            }

            // Our own account from a registration whose database commit failed and whose clean-up
            // failed too: no registry row exists (we hold the id), so it is safe to replace.
            LogReplacingLeftover(logger, deviceId);
            await DeleteAsync(deviceId, cancellationToken);
            created = await dynsec.SendAsync([CreateClient(deviceId, secret)], cancellationToken);
            if (created[0].Error is { } again)
            {
                throw new DependencyUnavailableException($"The broker refused to create the device account: {again}.");
            }
        }

        var role = RoleName(deviceId);
        var results = await dynsec.SendAsync(
        [
            new JsonObject { ["command"] = "createRole", ["rolename"] = role, ["textname"] = $"publish rpm/v1/devices/{deviceId}/#" },
            new JsonObject
            {
                ["command"] = "addRoleACL",
                ["rolename"] = role,
                ["acltype"] = "publishClientSend",
                ["topic"] = PublishFilter(deviceId),
                ["priority"] = 0,
                ["allow"] = true,
            },
            new JsonObject { ["command"] = "addClientRole", ["username"] = deviceId, ["rolename"] = role, ["priority"] = 0 },
        ], cancellationToken);

        // A role (and its ACL) left over from an earlier account of the same id is reused.
        var failed = results.FirstOrDefault(r => r.Error is { } e && !e.Contains("already exists", StringComparison.OrdinalIgnoreCase));
        if (failed is not null)
        {
            LogRoleFailed(logger, deviceId, failed.Command, failed.Error!);
            await DeleteAsync(deviceId, cancellationToken);
            throw new DependencyUnavailableException($"The broker refused to set up the device's permissions ({failed.Command}: {failed.Error}); nothing was changed.");
        }

        LogCreated(logger, deviceId, PublishFilter(deviceId));
        return true;
    }

    /// <summary>Disables the account (the broker also disconnects it). A missing account is logged and treated as disabled.</summary>
    public async Task DisableAsync(string deviceId, CancellationToken cancellationToken)
    {
        var results = await dynsec.SendAsync([new JsonObject { ["command"] = "disableClient", ["username"] = deviceId }], cancellationToken);
        if (results[0].Error is { } error)
        {
            if (!error.Contains("not found", StringComparison.OrdinalIgnoreCase))
            {
                throw new DependencyUnavailableException($"The broker refused to disable the device account: {error}; nothing was changed.");
            }

            LogMissingOnDisable(logger, deviceId);
            return;
        }

        LogDisabled(logger, deviceId);
    }

    /// <summary>Re-enables an account whose revocation could not be stored (compensation).</summary>
    public async Task EnableAsync(string deviceId, CancellationToken cancellationToken)
    {
        var results = await dynsec.SendAsync([new JsonObject { ["command"] = "enableClient", ["username"] = deviceId }], cancellationToken);
        if (results[0].Error is { } error)
        {
            LogCompensationFailed(logger, deviceId, "enableClient", error);
        }
    }

    /// <summary>Deletes the account and its role (compensation for a registration that could not be stored). Never throws for a broker refusal.</summary>
    public async Task DeleteAsync(string deviceId, CancellationToken cancellationToken)
    {
        var results = await dynsec.SendAsync(
        [
            new JsonObject { ["command"] = "deleteClient", ["username"] = deviceId },
            new JsonObject { ["command"] = "deleteRole", ["rolename"] = RoleName(deviceId) },
        ], cancellationToken);
        foreach (var result in results.Where(r => r.Error is { } e && !e.Contains("not found", StringComparison.OrdinalIgnoreCase)))
        {
            LogCompensationFailed(logger, deviceId, result.Command, result.Error!);
        }
    }

    private async Task<bool> IsLeftoverAsync(string deviceId, CancellationToken cancellationToken)
    {
        var results = await dynsec.SendAsync([new JsonObject { ["command"] = "getClient", ["username"] = deviceId }], cancellationToken);
        return results[0] is { Error: null, Data: { } data }
            && data.TryGetProperty("client", out var client)
            && client.TryGetProperty("textname", out var textName)
            && textName.GetString() == TextName;
    }

    private static JsonObject CreateClient(string deviceId, string secret) => new()
    {
        ["command"] = "createClient",
        ["username"] = deviceId,
        ["password"] = secret,
        ["clientid"] = deviceId,
        ["textname"] = TextName,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker account for device {DeviceId} created; it may publish to {Filter}")]
    private static partial void LogCreated(ILogger logger, string deviceId, string filter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker account {DeviceId} exists already and was not created by this hub: {Error}")]
    private static partial void LogAccountExists(ILogger logger, string deviceId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker account {DeviceId} is a leftover of a failed registration; replacing it")]
    private static partial void LogReplacingLeftover(ILogger logger, string deviceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Broker refused {Command} for device {DeviceId}: {Error}; the account is removed again")]
    private static partial void LogRoleFailed(ILogger logger, string deviceId, string command, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broker account of device {DeviceId} disabled")]
    private static partial void LogDisabled(ILogger logger, string deviceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broker has no account for device {DeviceId} to disable; treated as disabled")]
    private static partial void LogMissingOnDisable(ILogger logger, string deviceId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Compensation {Command} for device {DeviceId} failed: {Error}; fix the broker account by hand")]
    private static partial void LogCompensationFailed(ILogger logger, string deviceId, string command, string error);
}
