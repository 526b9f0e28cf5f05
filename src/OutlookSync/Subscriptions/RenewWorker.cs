using Microsoft.EntityFrameworkCore;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using OutlookSync.Integrations;
using OutlookSync.Queueing;
using OutlookSync.Queueing.Outbox;
using OutlookSync.Storage;
using OutlookSync.Sync;

namespace OutlookSync.Subscriptions;

/// <summary>
/// Consumes integration_calendar_renew_webhook: PATCHes the subscription's expiry (3 days, capped); when
/// Graph says it is gone (404) or there is none, creates it again and queues a resync so nothing is lost.
/// Sign-in or consent failures become the calendar's problem, not a crash loop.
/// </summary>
public sealed class RenewWorker(WorkerServices services, IServiceScopeFactory scopes, Diagnostics.SyncCounters counters, ILogger<RenewWorker> logger)
    : QueueWorker<RenewWebhookJob>(QueueNames.RenewWebhook, services, logger)
{
    protected override async Task HandleAsync(RenewWebhookJob job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
        var manager = scope.ServiceProvider.GetRequiredService<SubscriptionManager>();
        var mapping = await db.Mappings.FirstOrDefaultAsync(m => m.Id == job.MappingId, cancellationToken);
        var integration = mapping is null ? null : await db.Integrations.FirstOrDefaultAsync(i => i.Id == mapping.IntegrationId, cancellationToken);
        if (mapping is null || integration is null)
        {
            return;
        }

        if (!integration.Active)
        {
            // Deactivated: the only work left is deleting what Graph could not delete at the time.
            if (job.Reason == RenewWebhookJob.Remove && await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == job.SubscriptionId, cancellationToken) is { } leftover)
            {
                await manager.RemoveAsync(integration, leftover, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            return;
        }

        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.MappingId == mapping.Id, cancellationToken);
        if (job.Reason == RenewWebhookJob.Activation && subscription is not null && subscription.ExpiresAt > Time.GetUtcNow())
        {
            // Subscribed meanwhile (activated twice, or the cron recreated it): nothing to do.
            return;
        }

        if (subscription is not null && await manager.RenewAsync(integration, mapping, subscription, cancellationToken))
        {
            counters.Renewed();
            return;
        }

        // None, or gone at Graph: subscribe again, then catch up on what happened meanwhile (in the same commit).
        await scope.ServiceProvider.GetRequiredService<ProblemReporter>()
            .SetAsync(integration, mapping, await manager.SubscribeAsync(integration, mapping, subscription, cancellationToken), cancellationToken);
        if (mapping.Problem is null)
        {
            scope.ServiceProvider.GetRequiredService<JobOutbox>().Add(QueueNames.Inbound, InboundNotificationJob.Poll(mapping.Id, Time.GetUtcNow()));
        }

        await db.SaveChangesAsync(cancellationToken);
        if (mapping.Problem is null)
        {
            counters.Recreated();
        }
    }
}
