using OutlookSync.Storage;

namespace OutlookSync.Queueing.Outbox;

/// <summary>
/// Queues a job by adding it to the unit of work: it is committed with the caller's other changes by the
/// caller's SaveChanges, and published by the relay after that commit.
/// </summary>
public sealed class JobOutbox(SyncDbContext db, TimeProvider time)
{
    public void Add<TJob>(string queue, TJob job) =>
        db.Outbox.Add(new OutboxMessage { Queue = queue, Body = JobSerializer.Serialize(job), CreatedAt = time.GetUtcNow(), TraceParent = Diagnostics.Telemetry.ServiceTelemetry.CurrentTraceParent() });
}
