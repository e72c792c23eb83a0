using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Monitoring.Hub.Api;

namespace Monitoring.Hub.Cluster;

/// <summary>
/// A follower's calls to the leader's <c>/internal/cluster/...</c> endpoints, with
/// <see cref="ClusterOptions.Secret"/>. A user's request keeps its <c>Authorization</c> header, so
/// the leader checks the user and the clinic again. No leader known, or none answering: 503.
/// </summary>
public sealed partial class LeaderForwarder(
    IHttpClientFactory clients, ILeadershipGate leadership, IOptions<ClusterOptions> options, ILogger<LeaderForwarder> logger)
{
    public const string ClientName = "cluster";

    /// <summary>Sends <paramref name="body"/> as JSON to the leader's <c>/internal/cluster{path}</c>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, object? body, string? authorization, CancellationToken ct)
    {
        var leader = leadership.LeaderUrl
            ?? throw new DependencyUnavailableException("No leader hub is known yet (the alarm engine is changing hubs); nothing was changed. Try again shortly.");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(leader, $"/internal/cluster{path}"))
        {
            Content = JsonContent.Create(body, options: ApiJson.Options),
        };
        request.Headers.Add(ClusterOptions.SecretHeader, options.Value.Secret);
        if (!string.IsNullOrEmpty(authorization))
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.ForwardTimeout);
        try
        {
            return await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogForwardFailed(logger, leader, path, ex.Message);
            throw new DependencyUnavailableException("The leader hub does not answer (the alarm engine may be changing hubs); nothing was changed. Try again shortly.", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster: forwarding {Path} to the leader {Leader} failed: {Reason}")]
    private static partial void LogForwardFailed(ILogger logger, Uri leader, string path, string reason);
}
