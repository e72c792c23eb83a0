using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Monitoring.Hub.Realtime;

/// <summary>
/// SignalR's JSON hub protocol, with the client method names of strongly typed hubs written in
/// camelCase (<c>AlarmRaised</c> → <c>alarmRaised</c>), as the contract names the events. The
/// typed client proxy sends the C# method name; the JavaScript client matches names without regard
/// to case, but raw clients (tests, other languages) compare exactly. Everything else is the
/// stock protocol ("json", version 1).
/// </summary>
public sealed class CamelCaseJsonHubProtocol(IOptions<JsonHubProtocolOptions> options) : IHubProtocol
{
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private readonly JsonHubProtocol _inner = new(options);

    public string Name => _inner.Name;

    public int Version => _inner.Version;

    public TransferFormat TransferFormat => _inner.TransferFormat;

    public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        _inner.TryParseMessage(ref input, binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(Renamed(message), output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(Renamed(message));

    private static HubMessage Renamed(HubMessage message)
    {
        if (message is not InvocationMessage invocation || invocation.Target.Length == 0 || !char.IsUpper(invocation.Target[0]))
        {
            return message;
        }

        var target = Names.GetOrAdd(invocation.Target, static name => JsonNamingPolicy.CamelCase.ConvertName(name));
        return new InvocationMessage(invocation.InvocationId, target, invocation.Arguments, invocation.StreamIds)
        {
            Headers = invocation.Headers,
        };
    }
}
