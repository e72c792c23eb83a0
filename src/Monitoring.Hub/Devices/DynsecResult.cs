using System.Text.Json;

namespace Monitoring.Hub.Devices;

/// <summary>The broker's answer to one dynamic-security command: an error text, or success with optional data.</summary>
public sealed record DynsecResult(string Command, string? Error, JsonElement? Data)
{
    public bool Succeeded => Error is null;
}
