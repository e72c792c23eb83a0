using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Hub.Api;
using Monitoring.Hub.Auth;

namespace Monitoring.Hub.Ingestion;

/// <summary>
/// <c>GET /api/ingest/rejected?limit=</c>: the newest rejected device messages (administrators),
/// and <c>GET /api/ingest/rejected/counts</c>: every rejection counted by reason since the database was created.
/// </summary>
public static class IngestionApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapIngestionApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var ingest = api.MapGroup("/ingest").RequireAuthorization(Policies.Admin);
        ingest.MapGet("/rejected", ListRejected);
        ingest.MapGet("/rejected/counts", CountRejected);
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<RejectedMessageResponse>>, ValidationProblem>> ListRejected(
        int? limit, ClinicScope scope, RejectedStore rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.Validation("limit", $"must be between 1 and {MaxLimit}.");
        }

        return TypedResults.Ok(await rejected.ListAsync(limit ?? DefaultLimit, cancellationToken));
    }

    public static async Task<Ok<IReadOnlyDictionary<string, long>>> CountRejected(ClinicScope scope, RejectedStore rejected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return TypedResults.Ok(await rejected.CountsAsync(cancellationToken));
    }
}
