using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OutlookSync.Storage;

/// <summary>
/// Each SQLite connection as it opens: (1) a writer that finds another writer busy waits in SQLite's own busy handler
/// (sleeps of 1 to 25 ms, up to 250 ms) before the provider's retry loop, which sleeps 150 ms at a time — two such
/// sleeps were the webhook's p99 of 300 ms; (2) no commit checkpoints (wal_autocheckpoint=0): SQLite would otherwise
/// have the commit that fills the write-ahead log copy it into the database file while requests wait behind it;
/// <see cref="SqliteCheckpointer"/> does that in the background without blocking writers.
/// </summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Configure(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Configure(connection);
        return Task.CompletedTask;
    }

    private static void Configure(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout=250; PRAGMA wal_autocheckpoint=0;";
            command.ExecuteNonQuery();
        }
    }
}

/// <summary>Checkpoints the SQLite log every second (PASSIVE: writers go on meanwhile), so it stays small.</summary>
public sealed class SqliteCheckpointer(IServiceScopeFactory scopes, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every); // wall-clock ok: the disk's pace, not the service's clock
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(PASSIVE);", stoppingToken);
            }
            catch (Exception ex) when (ex is DbException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("A background checkpoint did not run: {Reason}", ex.Message);
            }
        }
    }
}
