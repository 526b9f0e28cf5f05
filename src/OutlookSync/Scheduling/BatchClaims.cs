using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OutlookSync.Storage;

namespace OutlookSync.Scheduling;

/// <summary>
/// The cron's claims, many rows per statement (one statement per row made a run over 10,000 rooms take seconds).
/// Each statement moves the rows' claim mark to now unless another run moved it lately, and returns the ids it
/// claimed (UPDATE … RETURNING): runs that overlap on several nodes split the items and queue each once. On
/// PostgreSQL the rows are locked in id order first, so two runs after the same rows wait for each other and never
/// deadlock; SQLite has one writer at a time.
/// </summary>
internal static class BatchClaims
{
    /// <summary>
    /// Work on subscriptions (a renewal or a removal) not claimed since <paramref name="claimedBefore"/>. With
    /// <paramref name="expiringBy"/>, only those that still expire by then: a worker may have renewed one since the
    /// run read it.
    /// </summary>
    public static async Task<HashSet<string>> ClaimSubscriptionsAsync(this SyncDbContext db, IReadOnlyCollection<string> ids, DateTimeOffset now, DateTimeOffset claimedBefore, DateTimeOffset? expiringBy, CancellationToken cancellationToken) =>
        ids.Count == 0 ? [] : [.. await ClaimAsync<string>(db, "Subscriptions", "RenewalQueuedAt", IdIn(db), Unclaimed("RenewalQueuedAt") + (expiringBy is null ? "" : " AND \"ExpiresAt\" <= {3}"),
            [StoredTime.Of(now), StoredTime.Of(claimedBefore), Ids(db, ids), .. expiringBy is { } by ? [StoredTime.Of(by)] : Array.Empty<object>()], cancellationToken)];

    /// <summary>A poll (or a recreation) of the calendars not claimed since <paramref name="claimedBefore"/>.</summary>
    public static async Task<HashSet<int>> ClaimPollsAsync(this SyncDbContext db, IReadOnlyCollection<int> mappingIds, DateTimeOffset now, DateTimeOffset claimedBefore, CancellationToken cancellationToken) =>
        mappingIds.Count == 0 ? [] : [.. await ClaimAsync<int>(db, "Mappings", "PollQueuedAt", IdIn(db), Unclaimed("PollQueuedAt"), [StoredTime.Of(now), StoredTime.Of(claimedBefore), Ids(db, mappingIds)], cancellationToken)];

    /// <summary>Bookings whose change was due in Outlook before <paramref name="overdueBefore"/>: the mark moves to now.</summary>
    public static async Task<List<int>> ClaimOverdueBookingsAsync(this SyncDbContext db, DateTimeOffset now, DateTimeOffset overdueBefore, CancellationToken cancellationToken) =>
        await ClaimAsync<int>(db, "Bookings", "OutboundDueAt", "\"OutboundDueAt\" < {1}", "\"OutboundDueAt\" < {1}", [StoredTime.Of(now), StoredTime.Of(overdueBefore)], cancellationToken);

    /// <summary>
    /// Sets <paramref name="mark"/> to now ({0}) on the rows that match <paramref name="rows"/> and still match
    /// <paramref name="due"/> when locked; the ids it set.
    /// </summary>
    private static async Task<List<TId>> ClaimAsync<TId>(SyncDbContext db, string table, string mark, string rows, string due, object[] arguments, CancellationToken cancellationToken)
    {
        var candidates = $"SELECT \"Id\" FROM \"{table}\" WHERE {rows}" + (db.Database.IsNpgsql() ? " ORDER BY \"Id\" FOR UPDATE" : "");
        var sql = FormattableStringFactory.Create($"UPDATE \"{table}\" SET \"{mark}\" = {{0}} WHERE \"Id\" IN ({candidates}) AND {due} RETURNING \"Id\" AS \"Value\"", arguments);
        return await db.Database.SqlQuery<TId>(sql).ToListAsync(cancellationToken);
    }

    private static string Unclaimed(string mark) => $"(\"{mark}\" IS NULL OR \"{mark}\" < {{1}})";

    // The ids as one parameter ({2}): an array on PostgreSQL, a JSON array on SQLite.
    private static string IdIn(SyncDbContext db) => db.Database.IsNpgsql() ? "\"Id\" = ANY({2})" : "\"Id\" IN (SELECT value FROM json_each({2}))";

    private static object Ids<TId>(SyncDbContext db, IReadOnlyCollection<TId> ids) => db.Database.IsNpgsql() ? ids.ToArray() : JsonSerializer.Serialize(ids);
}
