namespace OutlookSync.Queueing;

/// <summary>
/// Durable hand-off of jobs between the webhook (or cron) and workers.
/// <see cref="PublishAsync"/> completes only once the transport has taken responsibility for the job.
/// A consumer's handler that returns acknowledges the job; one that throws has it redelivered
/// (and dead-lettered after too many attempts).
/// </summary>
public interface IJobQueue
{
    Task PublishAsync(string queue, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    Task<IAsyncDisposable> StartConsumerAsync(string queue, Func<ReadOnlyMemory<byte>, CancellationToken, Task> handler, CancellationToken cancellationToken);

    /// <summary>Jobs waiting and consumers attached, for health and diagnostics.</summary>
    Task<QueueState> InspectAsync(string queue, CancellationToken cancellationToken);
}

public sealed record QueueState(string Name, long Messages, long Consumers);

/// <summary>The queue could not take the job (broker down, publish refused); callers must not acknowledge upstream.</summary>
public sealed class QueueUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
