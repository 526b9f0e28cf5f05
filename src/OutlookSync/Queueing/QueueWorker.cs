using Microsoft.Extensions.Options;
using OutlookSync.Hosting;
using OutlookSync.Queueing.RabbitMq;

namespace OutlookSync.Queueing;

/// <summary>
/// A consumer of one queue in processes with the worker role; several compete for the same queue. Each job
/// is counted as in flight, deserialized and handed to <see cref="HandleAsync"/>: acknowledged when that
/// returns, redelivered (and in the end dead-lettered) when it throws. A broker that refuses the
/// configuration stops the process (see <see cref="ProcessFailure"/>).
/// </summary>
public abstract class QueueWorker<TJob>(string queueName, WorkerServices services, ILogger logger) : BackgroundService
{
    protected TimeProvider Time => services.Time;

    protected ILogger Logger => logger;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!services.Roles.Value.RunsWorkers)
        {
            logger.LogInformation("Worker role not enabled in this process; {Queue} is left to other workers", queueName);
            return;
        }

        try
        {
            await WorkerLoop.ConsumeAsync(services.Queue, queueName, ConsumeAsync, services.Consumers, logger, stoppingToken);
        }
        catch (QueueMisconfiguredException ex)
        {
            services.Failure.Stop(ex.Message);
        }
    }

    protected abstract Task HandleAsync(TJob job, CancellationToken cancellationToken);

    private async Task ConsumeAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var _ = services.Work.Start(queueName);
        System.Diagnostics.Activity.Current?.SetTag("outlooksync.node.roles", services.Roles.Value.Roles);
        Integrations.GraphThrottling.DeferToQueue();
        try
        {
            await HandleAsync(JobSerializer.Deserialize<TJob>(body), cancellationToken);
            services.Metrics.Job(queueName, "processed");
        }
        catch (Integrations.GraphThrottledException throttled)
        {
            // Back to the outbox until Graph's Retry-After has passed (nothing of the job was applied: Graph is read
            // before anything is written); this job is acknowledged and the worker goes on with other calendars.
            await using var scope = services.Scopes.CreateAsyncScope();
            var until = services.Time.GetUtcNow() + throttled.RetryAfter;
            scope.ServiceProvider.GetRequiredService<Outbox.JobOutbox>().Add(queueName, body.ToArray(), until);
            await scope.ServiceProvider.GetRequiredService<Storage.SyncDbContext>().SaveChangesAsync(cancellationToken);
            services.Metrics.Job(queueName, "deferred");
            logger.LogInformation("Graph throttled a job on {Queue} ({Reason}); it waits in the outbox until {Until:u}", queueName, throttled.Message, until);
        }
        catch
        {
            services.Metrics.Job(queueName, "failed");
            throw;
        }
    }
}

/// <summary>What every queue worker needs, in one parameter.</summary>
public sealed record WorkerServices(IJobQueue Queue, WorkTracker Work, ConsumerRegistry Consumers, ProcessFailure Failure, TimeProvider Time, IOptions<ServiceRoles> Roles, Diagnostics.Telemetry.ServiceMetrics Metrics, IServiceScopeFactory Scopes);
