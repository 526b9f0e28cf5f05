using Microsoft.EntityFrameworkCore;
using OutlookSync.Queueing;
using OutlookSync.Queueing.Outbox;

namespace OutlookSync.Sync;

/// <summary>
/// Consumes <c>integration_calendar_inbound</c> in processes that run the worker role. Several workers
/// (in one or many processes) compete for the same queue.
/// </summary>
public sealed class InboundWorker(WorkerServices services, InboundJournal journal, IServiceScopeFactory scopes, Diagnostics.SyncCounters counters, ILogger<InboundWorker> logger)
    : QueueWorker<InboundNotificationJob>(QueueNames.Inbound, services, logger)
{
    private static readonly string[] NeedsRenewal = ["reauthorizationRequired", "subscriptionRemoved"];

    /// <summary>
    /// Syncs the calendar behind the job (every lifecycle event also means: resync), queues a renewal when
    /// Graph asks for reauthorization or removed the subscription, and only then acknowledges the job.
    /// </summary>
    protected override async Task HandleAsync(InboundNotificationJob job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Storage.SyncDbContext>();
        var keys = job.Changes.Where(c => c.ChangeType is not null && c.ETag is not null).Select(ProcessedNotification.KeyOf).Distinct().ToList();
        // Not a job that waited for its calendar's next read: it stands for other jobs too (see InboundSync).
        if (job.DueAt is null && keys.Count > 0 && keys.Count == job.Changes.Count
            && await db.ProcessedNotifications.CountAsync(p => p.SubscriptionId == job.SubscriptionId && keys.Contains(p.Key), cancellationToken) == keys.Count)
        {
            Logger.LogInformation("Skipped a duplicate delivery of {Count} change(s) for subscription {SubscriptionId}", keys.Count, job.SubscriptionId);
            counters.SkippedDuplicate();
            journal.Record(job, Time.GetUtcNow());
            return;
        }

        var sync = scope.ServiceProvider.GetRequiredService<InboundSync>();
        var outcome = job.MappingId is { } mappingId
            ? await sync.RunAsync(mappingId, cancellationToken, job)
            : await sync.RunForSubscriptionAsync(job.SubscriptionId, cancellationToken, job);
        if (outcome.Deferred)
        {
            // Back in the outbox as a whole: its renewal and its record as processed come when it runs.
            Logger.LogDebug("Inbound job for subscription {SubscriptionId} {Outcome}", job.SubscriptionId, outcome.SkippedBecause);
            return;
        }

        if (job.Changes.Any(c => NeedsRenewal.Contains(c.LifecycleEvent)))
        {
            if (await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == job.SubscriptionId, cancellationToken) is { } subscription)
            {
                var reason = job.Changes.First(c => NeedsRenewal.Contains(c.LifecycleEvent)).LifecycleEvent!;
                scope.ServiceProvider.GetRequiredService<JobOutbox>().Add(QueueNames.RenewWebhook, new Subscriptions.RenewWebhookJob(subscription.MappingId, subscription.Id, reason, Time.GetUtcNow()));
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        var at = Time.GetUtcNow();
        if (job.Changes.Count > 0)
        {
            // For the status, to the second: a burst of jobs for one calendar does not write it once each.
            var stale = at - TimeSpan.FromSeconds(1);
            await db.Subscriptions.Where(s => s.Id == job.SubscriptionId && (s.LastNotificationAt == null || s.LastNotificationAt < stale))
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.LastNotificationAt, at), cancellationToken);
        }

        if (keys.Count > 0)
        {
            var known = await db.ProcessedNotifications.Where(p => p.SubscriptionId == job.SubscriptionId && keys.Contains(p.Key)).Select(p => p.Key).ToListAsync(cancellationToken);
            db.ProcessedNotifications.AddRange(keys.Except(known).Select(key => new ProcessedNotification { SubscriptionId = job.SubscriptionId, Key = key, ProcessedAt = at }));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another worker recorded the same duplicate at the same moment: nothing to add.
            }
        }

        journal.Record(job, Time.GetUtcNow());
        Logger.LogInformation("Processed inbound job for {Target} ({Count} change(s)): {Outcome}", job.MappingId is { } m ? $"calendar {m}" : $"subscription {job.SubscriptionId}", job.Changes.Count, outcome);
    }
}

public static class InboundSyncRegistration
{
    public static IServiceCollection AddInboundSync(this IServiceCollection services)
    {
        services.AddSingleton<InboundJournal>();
        services.AddScoped<InboundSync>();
        services.AddSingleton<CalendarGates>();
        services.AddHostedService<InboundWorker>();
        services.AddHostedService<Subscriptions.RenewWorker>();
        services.AddScoped<OutboundQueue>();
        services.AddScoped<OutboundSync>();
        services.AddHostedService<OutboundWorker>();
        services.AddScoped<Scheduling.ExecuteIntegrations>();
        services.AddHostedService<Scheduling.CronScheduler>();
        return services;
    }
}
