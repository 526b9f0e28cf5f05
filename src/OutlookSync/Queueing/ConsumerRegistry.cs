using System.Collections.Concurrent;

namespace OutlookSync.Queueing;

/// <summary>The consumers this process keeps, per queue, as the health check sees them.</summary>
public sealed class ConsumerRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _queues = new(StringComparer.Ordinal);

    public void Consuming(string queue, IQueueConsumer consumer) => _queues[queue] = new Entry(consumer, null, time.GetUtcNow());

    /// <summary>Records why the queue has no consumer here; true when it had one until now (the start of an outage).</summary>
    public bool NotConsuming(string queue, string reason)
    {
        var before = _queues.TryGetValue(queue, out var entry) ? entry : null;
        var since = before is { Consumer: null } ? before.Since : time.GetUtcNow();
        _queues[queue] = new Entry(null, reason, since);
        return before is null || before.Consumer is not null;
    }

    public IReadOnlyList<ConsumerStatus> Snapshot() =>
        _queues.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => q.Value.Consumer is { } consumer
            ? new ConsumerStatus(q.Key, consumer.IsRunning, consumer.IsRunning ? null : consumer.LostBecause ?? "reconnecting to the broker", q.Value.Since)
            : new ConsumerStatus(q.Key, false, q.Value.Reason, q.Value.Since)).ToList();

    private sealed record Entry(IQueueConsumer? Consumer, string? Reason, DateTimeOffset Since);
}

/// <summary>One queue's consumer in this process: running, or why not (and since when, on the service's clock).</summary>
public sealed record ConsumerStatus(string Queue, bool Running, string? Problem, DateTimeOffset Since);
