namespace OutlookSync.Queueing;

/// <summary>
/// Keeps one consumer of a queue alive until the host stops: started again (with backoff) while the
/// broker is away, and replaced when the transport restored its connection without it. Broker waits run on
/// real time, not the service's clock: an outage lasts real seconds.
/// </summary>
public static class WorkerLoop
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan WatchEvery = TimeSpan.FromSeconds(1);

    // Automatic recovery re-registers consumers right after reopening the connection; give it that moment.
    private static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(3);

    public static async Task ConsumeAsync(IJobQueue queue, string name, Func<ReadOnlyMemory<byte>, CancellationToken, Task> handler, ConsumerRegistry registry, ILogger logger, CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var consumer = await queue.StartConsumerAsync(name, handler, stoppingToken);
                registry.Consuming(name, consumer);
                retry = FirstRetry;
                var lostBecause = await WatchAsync(consumer, stoppingToken);
                registry.NotConsuming(name, $"the consumer was lost: {lostBecause}");
                logger.LogWarning("The consumer of {Queue} was lost ({Reason}); starting a new one", name, lostBecause);
            }
            catch (QueueUnavailableException ex)
            {
                var first = registry.NotConsuming(name, ex.Message);
                if (first)
                {
                    logger.LogWarning("Worker cannot consume {Queue}: {Reason}. Retrying until the broker is back", name, ex.Message);
                }

                await Task.Delay(retry, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Returns why the consumer is gone for good; runs until then or until the host stops.</summary>
    private static async Task<string> WatchAsync(IQueueConsumer consumer, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(WatchEvery);
        var lostFor = TimeSpan.Zero;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (consumer.LostBecause is not { } why)
            {
                lostFor = TimeSpan.Zero;
                continue;
            }

            lostFor += WatchEvery;
            if (lostFor >= LostAfter)
            {
                return why;
            }
        }

        throw new OperationCanceledException(stoppingToken);
    }
}

/// <summary>Jobs being handled right now, per queue: with the queue depths, tells when a node is idle.</summary>
public sealed class WorkTracker
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);

    public int InFlight(string queue) => _inFlight.GetValueOrDefault(queue);

    public IDisposable Start(string queue)
    {
        _inFlight.AddOrUpdate(queue, 1, (_, n) => n + 1);
        return new Done(() => _inFlight.AddOrUpdate(queue, 0, (_, n) => n - 1));
    }

    private sealed class Done(Action finish) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                finish();
            }
        }
    }
}
