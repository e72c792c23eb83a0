using Dapper;
using Monitoring.Domain.Episodes;
using Monitoring.Hub.Api;
using Monitoring.Hub.Audit;
using Monitoring.Hub.Auth;
using Npgsql;

namespace Monitoring.Hub.Registry;

/// <summary>Antigen and nucleic-acid test results of a patient, through the caller's <see cref="ClinicScope"/>.</summary>
public sealed class TestResultStore(NpgsqlDataSource dataSource)
{
    private const string Select =
        """
        SELECT id AS "Id", patient_id AS "PatientId", kind AS "Kind", taken_at AS "TakenAt", result AS "Result", ct AS "Ct",
               recorded_at AS "RecordedAt", recorded_by AS "RecordedBy"
        FROM test_results
        """;

    public async Task<Outcome<TestResultResponse>> RecordAsync(
        ClinicScope scope, Guid patientId, LabTestKind kind, DateTimeOffset takenAt, LabTestResult result, decimal? ct, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var patient = await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: true, cancellationToken);
        if (patient is null)
        {
            return Outcome<TestResultResponse>.NotFound("patient", patientId);
        }

        var test = new TestResultResponse(Guid.CreateVersion7(now), patientId, kind, takenAt, result, ct, now, scope.UserId);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO test_results (id, patient_id, kind, taken_at, result, ct, recorded_at, recorded_by)
            VALUES (@Id, @PatientId, @Kind, @TakenAt, @Result, @Ct, @RecordedAt, @RecordedBy)
            """,
            new { test.Id, test.PatientId, Kind = Codes.Of(kind), test.TakenAt, Result = Codes.Of(result), test.Ct, test.RecordedAt, test.RecordedBy },
            transaction, cancellationToken: cancellationToken));
        await AuditLog.WriteAsync(transaction, scope.Actor, now,
            new AuditEntry("test.recorded", "test_result", test.Id.ToString(), patient.ClinicId, null, test), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome<TestResultResponse>.Done(test);
    }

    /// <summary>The patient's tests in sample order, or null when the patient is not visible to the caller.</summary>
    public async Task<IReadOnlyList<TestResultResponse>?> ListAsync(ClinicScope scope, Guid patientId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        if (await PatientStore.FindVisibleAsync(transaction, scope, patientId, forUpdate: false, cancellationToken) is null)
        {
            return null;
        }

        var tests = await LoadAsync(transaction, patientId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return tests;
    }

    /// <summary>All tests of a patient already found visible in <paramref name="transaction"/>, in sample order.</summary>
    internal static async Task<IReadOnlyList<TestResultResponse>> LoadAsync(NpgsqlTransaction transaction, Guid patientId, CancellationToken cancellationToken)
    {
        var rows = await transaction.Connection!.QueryAsync<TestRow>(new CommandDefinition(
            $"{Select} WHERE patient_id = @patientId ORDER BY taken_at, recorded_at",
            new { patientId }, transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToResponse())];
    }

    /// <summary>The tests of many patients in one query, each patient's in sample order; a patient without tests has an empty sequence.</summary>
    internal static async Task<ILookup<Guid, TestResultResponse>> LoadManyAsync(
        NpgsqlTransaction transaction, IReadOnlyCollection<Guid> patientIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(patientIds);
        if (patientIds.Count == 0)
        {
            return Array.Empty<TestResultResponse>().ToLookup(t => t.PatientId);
        }

        var rows = await transaction.Connection!.QueryAsync<TestRow>(new CommandDefinition(
            $"{Select} WHERE patient_id = ANY(@patientIds) ORDER BY patient_id, taken_at, recorded_at",
            new { patientIds = patientIds.ToArray() }, transaction, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToResponse()).ToLookup(t => t.PatientId);
    }

    private sealed class TestRow
    {
        public Guid Id { get; set; }

        public Guid PatientId { get; set; }

        public string Kind { get; set; } = "";

        public DateTimeOffset TakenAt { get; set; }

        public string Result { get; set; } = "";

        public decimal? Ct { get; set; }

        public DateTimeOffset RecordedAt { get; set; }

        public Guid? RecordedBy { get; set; }

        public TestResultResponse ToResponse() =>
            new(Id, PatientId, Codes.Parse<LabTestKind>(Kind), TakenAt, Codes.Parse<LabTestResult>(Result), Ct, RecordedAt, RecordedBy);
    }
}
