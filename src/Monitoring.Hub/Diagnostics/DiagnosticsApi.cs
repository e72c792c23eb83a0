using System.Diagnostics;
using System.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Hub.Alarms.Grains;
using Monitoring.Hub.Auth;
using Monitoring.Hub.Ingestion;

namespace Monitoring.Hub.Diagnostics;

/// <summary>
/// <c>GET /api/diagnostics/runtime?collect=</c> (administrators): ingestion and alarm backlogs and
/// the process's memory. <c>collect=true</c> first runs a full, compacting, blocking collection so
/// memory can be compared between states (the benchmark's memory per 10,000 devices); it pauses
/// the hub for as long as the collection takes, so it is not for routine polling.
/// </summary>
public static class DiagnosticsApi
{
    public static RouteGroupBuilder MapDiagnosticsApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGroup("/diagnostics").RequireAuthorization(Policies.Admin).MapGet("/runtime", GetRuntime);
        return api;
    }

    public static Ok<RuntimeStatsResponse> GetRuntime(
        bool? collect, ClinicScope scope, IngestionMetrics ingestion, IngestionQueue inbound, OrleansAlarmEngine alarms)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(ingestion);
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(alarms);
        if (collect == true)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        // Received first: a message arriving between the two reads raises the backlog, so the
        // acknowledged count can lag the truth but never run ahead of it.
        var received = ingestion.MessagesTotal;
        var unacknowledged = ingestion.Unacknowledged;
        using var process = Process.GetCurrentProcess();
        var gc = GC.GetGCMemoryInfo();
        return TypedResults.Ok(new RuntimeStatsResponse(
            received,
            received - unacknowledged,
            unacknowledged,
            inbound.Count,
            ingestion.BufferedLines,
            ingestion.ReadingsWrittenTotal,
            alarms.InFlight,
            process.WorkingSet64,
            collect == true ? GC.GetTotalMemory(forceFullCollection: false) : gc.HeapSizeBytes,
            gc.TotalCommittedBytes,
            GCSettings.IsServerGC,
            Environment.ProcessorCount));
    }
}
