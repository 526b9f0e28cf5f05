using Microsoft.Extensions.Options;
using OutlookSync.Hosting;

namespace OutlookSync.Queueing;

/// <summary>
/// A consumer of one queue in processes with the worker role; several compete for the same queue. Each job
/// is counted as in flight, deserialized and handed to <see cref="HandleAsync"/>: acknowledged when that
/// returns, redelivered (and in the end dead-lettered) when it throws.
/// </summary>
public abstract class QueueWorker<TJob>(string queueName, IJobQueue queue, WorkTracker work, TimeProvider time, IOptions<ServiceRoles> roles, ILogger logger) : BackgroundService
{
    protected TimeProvider Time => time;

    protected ILogger Logger => logger;

    protected IJobQueue Queue => queue;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!roles.Value.RunsWorkers)
        {
            logger.LogInformation("Worker role not enabled in this process; {Queue} is left to other workers", queueName);
            return Task.CompletedTask;
        }

        return WorkerLoop.ConsumeAsync(queue, queueName, ConsumeAsync, time, logger, stoppingToken);
    }

    protected abstract Task HandleAsync(TJob job, CancellationToken cancellationToken);

    private async Task ConsumeAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var _ = work.Start(queueName);
        await HandleAsync(JobSerializer.Deserialize<TJob>(body), cancellationToken);
    }
}
