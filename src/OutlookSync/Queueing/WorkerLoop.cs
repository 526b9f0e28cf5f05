namespace OutlookSync.Queueing;

/// <summary>Consumes a queue until the host stops, reconnecting (every 5 s on the service's clock) while the broker is away.</summary>
public static class WorkerLoop
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    public static async Task ConsumeAsync(IJobQueue queue, string name, Func<ReadOnlyMemory<byte>, CancellationToken, Task> handler, TimeProvider time, ILogger logger, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var consumer = await queue.StartConsumerAsync(name, handler, stoppingToken);
                await Task.Delay(Timeout.InfiniteTimeSpan, stoppingToken);
            }
            catch (QueueUnavailableException ex)
            {
                logger.LogError("Worker cannot consume {Queue}: {Reason}. Retrying in {Delay}", name, ex.Message, RetryDelay);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
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
