namespace OutlookSync.Queueing;

/// <summary>
/// Durable hand-off of jobs between the outbox relay and workers.
/// <see cref="PublishAsync"/> completes only once the transport has taken responsibility for the job.
/// A consumer's handler that returns acknowledges the job; one that throws has it redelivered
/// (and dead-lettered after too many attempts).
/// </summary>
public interface IJobQueue
{
    /// <summary>A published job survives this process (a broker's confirm), so a caller may acknowledge upstream on it alone.</summary>
    bool KeepsJobsDurably { get; }

    Task PublishAsync(string queue, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    Task<IQueueConsumer> StartConsumerAsync(string queue, Func<ReadOnlyMemory<byte>, CancellationToken, Task> handler, CancellationToken cancellationToken);

    /// <summary>Jobs waiting and consumers attached, for health and diagnostics.</summary>
    Task<QueueState> InspectAsync(string queue, CancellationToken cancellationToken);
}

/// <summary>A consumer of one queue in this process; disposing it stops it (unacknowledged jobs go back to the queue).</summary>
public interface IQueueConsumer : IAsyncDisposable
{
    /// <summary>Receiving jobs right now.</summary>
    bool IsRunning { get; }

    /// <summary>
    /// Why the consumer is not running and will not come back by itself (the transport restored the
    /// connection without it, or the broker cancelled it), or null while it runs or is being recovered.
    /// </summary>
    string? LostBecause { get; }
}

public sealed record QueueState(string Name, long Messages, long Consumers);

/// <summary>The queue could not take the job (broker down, publish refused); callers must not acknowledge upstream.</summary>
public sealed class QueueUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
