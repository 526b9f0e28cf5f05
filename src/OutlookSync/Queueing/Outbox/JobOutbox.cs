using OutlookSync.Storage;

namespace OutlookSync.Queueing.Outbox;

/// <summary>
/// Queues a job by adding it to the unit of work: it is committed with the caller's other changes by the
/// caller's SaveChanges, and published by the relay after that commit.
/// </summary>
public sealed class JobOutbox(SyncDbContext db, OutboxSignal signal, TimeProvider time)
{
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
}
