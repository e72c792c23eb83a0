using System.Text.Json;

namespace Monitoring.Hub.Tests.Infrastructure;

/// <summary>One invocation the server sent: the client method (<c>alarmRaised</c>…) and its first argument.</summary>
public sealed record HubEvent(string Target, JsonElement Argument);
