using Microsoft.EntityFrameworkCore;
using OutlookSync.Storage;

namespace OutlookSync.Queueing.Outbox;

/// <summary>
/// Queues a job by adding it to the unit of work: it is committed with the caller's other changes by the
/// caller's SaveChanges, and published by the relay after that commit.
/// </summary>
public sealed class JobOutbox(SyncDbContext db, OutboxSignal signal, OutboxCommitInterceptor commits, TimeProvider time)
{
    /// <summary>A job as <see cref="AddManyAsync"/> takes it.</summary>
    public static OutboxJob Entry<TJob>(string queue, TJob job) => new(queue, JobSerializer.Serialize(job));

    public void Add<TJob>(string queue, TJob job, DateTimeOffset? availableAt = null) => Add(queue, JobSerializer.Serialize(job), availableAt);

    /// <summary>A job (as it was on the queue) handed to the queue again only at <paramref name="availableAt"/>.</summary>
    public void Add(string queue, byte[] body, DateTimeOffset? availableAt)
    {
        db.Outbox.Add(new OutboxMessage
        {
            Queue = queue,
            Body = body,
            CreatedAt = time.GetUtcNow(),
            AvailableAt = availableAt,
            TraceParent = Diagnostics.Telemetry.ServiceTelemetry.CurrentTraceParent(),
        });
        if (availableAt is { } due)
        {
            // This process's relay publishes it when due; the others find it at their next poll (a rollback leaves a harmless wake-up).
            signal.NudgeAt(due);
        }
    }

    /// <summary>
    /// Many jobs at once, written now inside the caller's transaction (required) and published after its commit. The
    /// cron queues thousands per run: added one by one to the unit of work, 10,000 took half a second to save.
    /// </summary>
    public async Task AddManyAsync(IReadOnlyList<OutboxJob> jobs, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("AddManyAsync writes at once: call it inside the transaction that holds the jobs' state.");
        }

        if (jobs.Count == 0)
        {
            return;
        }

        var createdAt = StoredTime.Of(time.GetUtcNow());
        var traceParent = Diagnostics.Telemetry.ServiceTelemetry.CurrentTraceParent();
        // One statement with the jobs as one parameter: an array per column on PostgreSQL, a JSON array of
        // [queue, hex body] pairs on SQLite.
        FormattableString insert = db.Database.IsNpgsql()
            ? (FormattableString)$"INSERT INTO \"OutboxMessages\" (\"Queue\", \"Body\", \"CreatedAt\", \"TraceParent\", \"Attempts\") SELECT q, b, {createdAt}, {traceParent}, 0 FROM unnest({jobs.Select(j => j.Queue).ToArray()}, {jobs.Select(j => j.Body).ToArray()}) AS j(q, b)"
            : (FormattableString)$"INSERT INTO \"OutboxMessages\" (\"Queue\", \"Body\", \"CreatedAt\", \"TraceParent\", \"Attempts\") SELECT value ->> 0, unhex(value ->> 1), {createdAt}, {traceParent}, 0 FROM json_each({System.Text.Json.JsonSerializer.Serialize(jobs.Select(j => new[] { j.Queue, Convert.ToHexString(j.Body) }))})";
        await db.Database.ExecuteSqlAsync(insert, cancellationToken);
        commits.Expect(db);
    }
}

/// <summary>A serialized job and the queue it is for.</summary>
public readonly record struct OutboxJob(string Queue, byte[] Body);
