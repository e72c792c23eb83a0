using System.Diagnostics.Metrics;
using Dapper;
using Microsoft.Extensions.Options;
using Monitoring.Domain.Alarms;
using Monitoring.Domain.Risk;
using Monitoring.Hub.Api;
using Monitoring.Hub.Database;
using Npgsql;

namespace Monitoring.Hub.Observability;

/// <summary>
/// Meter <c>Monitoring.Hub.Clinical</c>: patients in home treatment by clinic and risk tier, open
/// alarms by clinic and priority, counted in PostgreSQL every <see cref="MetricsOptions.CensusInterval"/>,
/// for the Grafana clinical overview (which reads InfluxDB only). Every combination is reported,
/// zeros included, so a count that drops to nothing is seen as 0 rather than as its last value.
/// Each hub instance counts the same rows; the dashboards take the largest instance's figure.
/// </summary>
public sealed partial class ClinicalCensus : BackgroundService
{
    public const string MeterName = "Monitoring.Hub.Clinical";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SchemaState _schema;
    private readonly MetricsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ClinicalCensus> _logger;
    private volatile CensusSnapshot _snapshot = CensusSnapshot.Empty;
    private bool _failing;

    public ClinicalCensus(
        IMeterFactory meterFactory,
        NpgsqlDataSource dataSource,
        SchemaState schema,
        IOptions<MetricsOptions> options,
        TimeProvider time,
        ILogger<ClinicalCensus> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = dataSource;
        _schema = schema;
        _options = options.Value;
        _time = time;
        _logger = logger;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("monitoring.patients.monitored", () => _snapshot.Monitored, "{patient}",
            "Patients in home treatment (an open episode), by clinic and risk tier.");
        meter.CreateObservableGauge("monitoring.alarms.open", () => _snapshot.OpenAlarms, "{alarm}",
            "Open (active or acknowledged) alarms, by clinic and priority.");
    }

    public CensusSnapshot Current => _snapshot;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.CensusInterval <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_schema.IsReady)
                {
                    await TryRefreshAsync(stoppingToken);
                }

                await Task.Delay(_schema.IsReady ? _options.CensusInterval : TimeSpan.FromSeconds(1), _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Counts now.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        var clinics = (await connection.QueryAsync<(Guid Id, string Name)>(
            new CommandDefinition("SELECT id, name FROM clinics", cancellationToken: ct))).ToList();
        var monitored = (await connection.QueryAsync<(Guid Clinic, string Tier, long Count)>(new CommandDefinition("""
            SELECT p.clinic_id, p.risk_tier, count(*)
              FROM episodes e JOIN patients p ON p.id = e.patient_id
             WHERE e.ended_at IS NULL
             GROUP BY p.clinic_id, p.risk_tier
            """, cancellationToken: ct))).ToDictionary(r => (r.Clinic, r.Tier), r => r.Count);
        var open = (await connection.QueryAsync<(Guid Clinic, string Priority, long Count)>(new CommandDefinition("""
            SELECT clinic_id, priority, count(*)
              FROM alarms
             WHERE state <> 'resolved'
             GROUP BY clinic_id, priority
            """, cancellationToken: ct))).ToDictionary(r => (r.Clinic, r.Priority), r => r.Count);

        _snapshot = new CensusSnapshot(
            [.. clinics.SelectMany(c => Codes.All<RiskTier>().Select(tier =>
                Measure(monitored.GetValueOrDefault((c.Id, tier)), c.Id, c.Name, "tier", tier)))],
            [.. clinics.SelectMany(c => Codes.All<AlarmPriority>().Select(priority =>
                Measure(open.GetValueOrDefault((c.Id, priority)), c.Id, c.Name, "priority", priority)))]);
    }

    private async Task TryRefreshAsync(CancellationToken ct)
    {
        try
        {
            await RefreshAsync(ct);
            if (_failing)
            {
                LogRecovered(_logger);
            }

            _failing = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever went wrong, a count must never stop the hub (an escaping exception would stop the host).
            if (!_failing)
            {
                LogFailing(_logger, ex.Message);
            }

            _failing = true;
        }
    }

    private static Measurement<long> Measure(long count, Guid clinicId, string clinicName, string key, string value) =>
        new(count, [new("clinic", clinicId.ToString()), new("clinic_name", clinicName), new(key, value)]);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting the clinical census failed ({Failure}); the last figures stay until it works")]
    private static partial void LogFailing(ILogger logger, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Counting the clinical census works again")]
    private static partial void LogRecovered(ILogger logger);
}
