using System.Collections.Concurrent;

namespace OutlookSync.Sync;

/// <summary>What this process's workers have processed, newest last; read by diagnostics and tests.</summary>
public sealed class InboundJournal
{
    private readonly ConcurrentQueue<ProcessedInboundJob> _processed = new();

    public IReadOnlyCollection<ProcessedInboundJob> Processed => _processed;

    public void Record(InboundNotificationJob job, DateTimeOffset processedAt) => _processed.Enqueue(new ProcessedInboundJob(job, processedAt));
}

public sealed record ProcessedInboundJob(InboundNotificationJob Job, DateTimeOffset ProcessedAt);
