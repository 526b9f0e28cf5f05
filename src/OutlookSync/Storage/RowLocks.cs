using Microsoft.EntityFrameworkCore;

namespace OutlookSync.Storage;

/// <summary>
/// Row locking where the store needs it. SQLite has one writer at a time (EF's transactions there begin
/// IMMEDIATE), so these are no-ops on it; on PostgreSQL several nodes write at once and rows are locked.
/// </summary>
public static class RowLocks
{
    /// <summary>
    /// Inside a transaction: waits until no other transaction holds the calendar's row, then holds it until
    /// commit, so two workers applying changes to one calendar take turns (the second sees the first's links).
    /// </summary>
    public static async Task LockMappingAsync(this SyncDbContext db, int mappingId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Mappings\" WHERE \"Id\" = {mappingId} FOR UPDATE", cancellationToken);
        }
    }

    /// <summary>
    /// The ids of up to <paramref name="count"/> unclaimed outbox rows that are due at <paramref name="due"/> (the
    /// service's clock; <paramref name="now"/> is real time, for claims), oldest first. On PostgreSQL, inside a
    /// transaction, rows another relay is claiming right now are skipped (FOR UPDATE SKIP LOCKED) rather than
    /// waited for, so relays on several nodes take different batches.
    /// </summary>
    public static async Task<List<long>> FreeOutboxRowsAsync(this SyncDbContext db, DateTimeOffset now, DateTimeOffset due, int count, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var (storedNow, storedDue) = (StoredTime.Of(now), StoredTime.Of(due));
            return await db.Database.SqlQuery<long>(
                    $"SELECT \"Id\" AS \"Value\" FROM \"OutboxMessages\" WHERE (\"ClaimedUntil\" IS NULL OR \"ClaimedUntil\" < {storedNow}) AND (\"AvailableAt\" IS NULL OR \"AvailableAt\" <= {storedDue}) ORDER BY \"Id\" LIMIT {count} FOR UPDATE SKIP LOCKED")
                .ToListAsync(cancellationToken);
        }

        return await db.Outbox.Where(m => (m.ClaimedUntil == null || m.ClaimedUntil < now) && (m.AvailableAt == null || m.AvailableAt <= due))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(count).ToListAsync(cancellationToken);
    }
}
