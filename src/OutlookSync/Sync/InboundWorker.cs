using Microsoft.Extensions.Options;
using OutlookSync.Hosting;
using OutlookSync.Queueing;

namespace OutlookSync.Sync;

/// <summary>
/// Consumes <c>integration_calendar_inbound</c> in processes that run the worker role. Several workers
/// (in one or many processes) compete for the same queue.
/// </summary>
public sealed class InboundWorker(IJobQueue queue, InboundJournal journal, IServiceScopeFactory scopes, TimeProvider time, IOptions<ServiceRoles> roles, ILogger<InboundWorker> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!roles.Value.RunsWorkers)
        {
            logger.LogInformation("Worker role not enabled in this process; {Queue} is left to other workers", QueueNames.Inbound);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var consumer = await queue.StartConsumerAsync(QueueNames.Inbound, HandleAsync, stoppingToken);
                await WaitUntilStoppedAsync(stoppingToken);
            }
            catch (QueueUnavailableException ex)
            {
                logger.LogError("Inbound worker cannot consume {Queue}: {Reason}. Retrying in {Delay}", QueueNames.Inbound, ex.Message, RetryDelay);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Syncs the calendar behind the subscription; returns (acknowledging the job) only after the sync is committed.</summary>
    private async Task HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var job = JobSerializer.Deserialize<InboundNotificationJob>(body);
        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<InboundSync>().RunForSubscriptionAsync(job.SubscriptionId, cancellationToken);
        journal.Record(job, time.GetUtcNow());
        logger.LogInformation("Processed inbound job for subscription {SubscriptionId} ({Count} change(s)): {Outcome}", job.SubscriptionId, job.Changes.Count, outcome);
    }

    private static Task WaitUntilStoppedAsync(CancellationToken stoppingToken)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stoppingToken.Register(() => stopped.TrySetResult());
        return stopped.Task;
    }
}

public static class InboundSyncRegistration
{
    public static IServiceCollection AddInboundSync(this IServiceCollection services)
    {
        services.AddSingleton<InboundJournal>();
        services.AddScoped<InboundSync>();
        services.AddHostedService<InboundWorker>();
        return services;
    }
}
