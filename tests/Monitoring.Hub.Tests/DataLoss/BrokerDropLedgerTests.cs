using Microsoft.Extensions.Logging.Abstractions;
using Monitoring.Hub.Database;
using Monitoring.Hub.DataLoss;
using Monitoring.Hub.Tests.Infrastructure;

namespace Monitoring.Hub.Tests.DataLoss;

/// <summary>The broker's cumulative drop counter becomes drops not counted before, on real PostgreSQL.</summary>
public sealed class BrokerDropLedgerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset BrokerStart = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);
    private TestDatabase _database = null!;
    private BrokerDropLedger _ledger = null!;

    public async ValueTask InitializeAsync()
    {
        DapperTypeHandlers.Register();
        _database = await TestDatabase.CreateAsync();
        await new MigrationRunner(_database.DataSource, NullLogger<MigrationRunner>.Instance).MigrateAsync(TestContext.Current.CancellationToken);
        _ledger = new BrokerDropLedger(_database.DataSource, TimeProvider.System);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task TheFirstWatchTakesTheCounterAsItFindsItThenCountsOnlyIncreases()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal((0L, true), await _ledger.RecordAsync(BrokerStart, 120, ct));
        Assert.Equal((0L, false), await _ledger.RecordAsync(BrokerStart.AddSeconds(3), 120, ct));
        Assert.Equal((35L, false), await _ledger.RecordAsync(BrokerStart.AddSeconds(-4), 155, ct));
    }

    [Fact]
    public async Task DropsWhileNoHubWatchedAreCountedWhenAHubComesBack()
    {
        var ct = TestContext.Current.CancellationToken;
        await _ledger.RecordAsync(BrokerStart, 10, ct);

        // A new hub process (a new ledger over the same table) reads the same broker run later.
        var again = new BrokerDropLedger(_database.DataSource, TimeProvider.System);
        Assert.Equal((490L, false), await again.RecordAsync(BrokerStart.AddSeconds(2), 500, ct));
    }

    [Fact]
    public async Task ARestartedBrokersWholeCountIsNewAndAStaleLowerReadingOfTheSameRunIsNot()
    {
        var ct = TestContext.Current.CancellationToken;
        await _ledger.RecordAsync(BrokerStart, 400, ct);

        // A slower hub's older reading of the same run: nothing new, the watermark stays.
        Assert.Equal((0L, false), await _ledger.RecordAsync(BrokerStart, 380, ct));
        Assert.Equal((5L, false), await _ledger.RecordAsync(BrokerStart, 405, ct));

        // The broker restarted an hour later: its counter began again at 0.
        Assert.Equal((7L, false), await _ledger.RecordAsync(BrokerStart.AddHours(1), 7, ct));
        Assert.Equal((0L, false), await _ledger.RecordAsync(BrokerStart.AddHours(1).AddSeconds(5), 7, ct));
    }
}
