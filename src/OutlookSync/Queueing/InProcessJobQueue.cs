using System.Collections.Concurrent;
using System.Threading.Channels;

namespace OutlookSync.Queueing;

/// <summary>
/// The embedded default when no broker is configured: jobs live in memory and are lost on restart.
/// A failing handler gets the job back up to <see cref="MaxAttempts"/> times, then it is set aside as dead.
/// </summary>
public sealed class InProcessJobQueue(Diagnostics.Telemetry.ServiceMetrics metrics, ILogger<InProcessJobQueue> logger) : IJobQueue
{
    public const int MaxAttempts = 5;

    private readonly ConcurrentDictionary<string, Channel<Envelope>> _queues = new();

    public ConcurrentQueue<(string Queue, byte[] Body)> DeadLetters { get; } = new();

    private readonly ConcurrentDictionary<string, int> _consumers = new();

    public int Depth(string queue) => Queue(queue).Reader.Count;

    public Task<QueueState> InspectAsync(string queue, CancellationToken cancellationToken) =>
        Task.FromResult(QueueNames.WorkingQueueOf(queue) is { } working
            ? new QueueState(queue, DeadLetters.Count(d => d.Queue == working), 0)
            : new QueueState(queue, Depth(queue), _consumers.GetValueOrDefault(queue)));

    /// <summary>Jobs live in this process only: they are durable in the outbox, never here.</summary>
    public bool KeepsJobsDurably => false;

    public Task PublishAsync(string queue, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        Queue(queue).Writer.WriteAsync(new Envelope(body.ToArray(), 1, Diagnostics.Telemetry.ServiceTelemetry.CurrentTraceParent()), cancellationToken).AsTask();

    public Task<IQueueConsumer> StartConsumerAsync(string queue, Func<ReadOnlyMemory<byte>, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _consumers.AddOrUpdate(queue, 1, (_, n) => n + 1);
        var loop = Task.Run(() => ConsumeAsync(queue, handler, stop.Token), CancellationToken.None)
            .ContinueWith(_ => _consumers.AddOrUpdate(queue, 0, (_, n) => n - 1), TaskScheduler.Default);
        return Task.FromResult<IQueueConsumer>(new Consumer(stop, loop));
    }

    private async Task ConsumeAsync(string queue, Func<ReadOnlyMemory<byte>, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        var channel = Queue(queue);
        try
        {
            await foreach (var envelope in channel.Reader.ReadAllAsync(cancellationToken))
            {
                using var processing = Diagnostics.Telemetry.ServiceTelemetry.StartProcess(queue, envelope.TraceParent);
                try
                {
                    await handler(envelope.Body, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    if (envelope.Attempt >= MaxAttempts)
                    {
                        logger.LogError(ex, "Job on {Queue} failed {Attempts} times; set aside as dead", queue, envelope.Attempt);
                        DeadLetters.Enqueue((queue, envelope.Body));
                        metrics.Job(queue, "dead_lettered");
                    }
                    else
                    {
                        logger.LogWarning(ex, "Job on {Queue} failed (attempt {Attempt}); will retry", queue, envelope.Attempt);
                        await channel.Writer.WriteAsync(envelope with { Attempt = envelope.Attempt + 1 }, CancellationToken.None);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: unprocessed jobs stay in the channel for the next consumer.
        }
    }

    private Channel<Envelope> Queue(string name) => _queues.GetOrAdd(name, _ => Channel.CreateUnbounded<Envelope>());

    private sealed record Envelope(byte[] Body, int Attempt, string? TraceParent);

    private sealed class Consumer(CancellationTokenSource stop, Task loop) : IQueueConsumer
    {
        public bool IsRunning => !loop.IsCompleted;

        public string? LostBecause => loop.IsCompleted ? "the in-process consumer stopped" : null;

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
        }
    }
}
