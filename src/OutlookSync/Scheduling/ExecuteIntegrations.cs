using Microsoft.EntityFrameworkCore;
using OutlookSync.Integrations;
using OutlookSync.Queueing;
using OutlookSync.Queueing.Outbox;
using OutlookSync.Storage;
using OutlookSync.Subscriptions;
using OutlookSync.Sync;

namespace OutlookSync.Scheduling;

/// <summary>
/// The ExecuteIntegrations cron, one run: queue renewals for subscriptions expiring within 2 days,
/// recreations for calendars whose subscription is missing, and a poll for every calendar not synced for
/// more than 30 minutes (the fallback for lost notifications); then record the heartbeat. Each item is
/// claimed in the database, so overlapping runs on several instances queue it once, and its job goes into
/// the outbox in the same commit as the claim: a run while the broker is away delays the jobs, it never
/// leaves an item claimed with no job on its way.
/// </summary>
public sealed class ExecuteIntegrations(SyncDbContext db, JobOutbox outbox, Diagnostics.SyncCounters counters, TimeProvider time, ILogger<ExecuteIntegrations> logger)
{
    public static readonly TimeSpan RenewWithin = TimeSpan.FromDays(2);
    public static readonly TimeSpan PollAfter = TimeSpan.FromMinutes(30);
    // A queued renewal is not queued again unless it seems lost (no worker for hours), so jobs do not pile up.
    private static readonly TimeSpan RenewalClaim = TimeSpan.FromHours(6);
    private static readonly TimeSpan PollClaim = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan OutboundRetryAfter = TimeSpan.FromMinutes(5);

    public async Task<CronHeartbeat> RunAsync(string runBy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var active = await db.Integrations.Where(i => i.Active).Select(i => i.Id).ToListAsync(cancellationToken);
        // In id order: two runs on two nodes claim rows in the same order, so on PostgreSQL the second waits for the
        // first row by row (then finds each claimed) and the two never deadlock.
        var mappings = await db.Mappings.Where(m => active.Contains(m.IntegrationId)).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var mappingIds = mappings.Select(m => m.Id).ToList();
        // By calendar: looked up once per calendar, so a run stays linear in the number of rooms.
        var subscriptions = (await db.Subscriptions.Where(s => mappingIds.Contains(s.MappingId)).ToListAsync(cancellationToken))
            .GroupBy(s => s.MappingId).ToDictionary(g => g.Key, g => g.First());
        int renewals = 0, recreations = 0, polls = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        foreach (var mapping in mappings)
        {
            var subscription = subscriptions.GetValueOrDefault(mapping.Id);
            if (subscription is null || subscription.ExpiresAt <= now)
            {
                if (await ClaimPollAsync(mapping.Id, now, cancellationToken))
                {
                    outbox.Add(QueueNames.RenewWebhook, new RenewWebhookJob(mapping.Id, subscription?.Id, "missing", now));
                    recreations++;
                }

                continue;
            }

            if (subscription.ExpiresAt - now <= RenewWithin && await ClaimRenewalAsync(subscription.Id, now, cancellationToken))
            {
                outbox.Add(QueueNames.RenewWebhook, new RenewWebhookJob(mapping.Id, subscription.Id, "expiring", now));
                renewals++;
            }

            if ((mapping.LastSyncAt is null || now - mapping.LastSyncAt > PollAfter) && await ClaimPollAsync(mapping.Id, now, cancellationToken))
            {
                outbox.Add(QueueNames.Inbound, InboundNotificationJob.Poll(mapping.Id, now));
                polls++;
            }
        }

        var removals = await QueueRemovalsAsync(active, now, cancellationToken);
        var outbound = await RequeueOverdueOutboundAsync(now, cancellationToken);

        // Duplicates arrive within minutes; a week of processed notifications is plenty to recognise them.
        var forgetBefore = now - TimeSpan.FromDays(7);
        await db.ProcessedNotifications.Where(p => p.ProcessedAt < forgetBefore).ExecuteDeleteAsync(cancellationToken);

        // The webhook log keeps its latest entries only.
        var oldestKept = await db.WebhookEvents.OrderByDescending(e => e.Id).Skip(Webhooks.WebhookEvent.Kept - 1).Select(e => (long?)e.Id).FirstOrDefaultAsync(cancellationToken);
        if (oldestKept is { } keepFrom)
        {
            await db.WebhookEvents.Where(e => e.Id < keepFrom).ExecuteDeleteAsync(cancellationToken);
        }

        var heartbeat = await db.CronHeartbeats.OrderBy(h => h.Id).FirstOrDefaultAsync(cancellationToken) ?? db.CronHeartbeats.Add(new CronHeartbeat { RunBy = runBy }).Entity;
        (heartbeat.LastRunAt, heartbeat.RunBy, heartbeat.RenewalsQueued, heartbeat.RecreationsQueued, heartbeat.PollsQueued) = (now, runBy, renewals, recreations, polls);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        counters.Polled(polls);
        if (renewals + recreations + polls + outbound + removals > 0)
        {
            logger.LogInformation("ExecuteIntegrations: {Renewals} renewal(s), {Recreations} recreation(s), {Polls} poll(s), {Outbound} outbound booking(s), {Removals} removal(s) queued", renewals, recreations, polls, outbound, removals);
        }

        return heartbeat;
    }

    /// <summary>Subscriptions Graph could not delete when their integration was deactivated: queued for deletion again.</summary>
    private async Task<int> QueueRemovalsAsync(List<int> activeIntegrations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var leftovers = await db.Subscriptions
            .Where(s => db.Mappings.Any(m => m.Id == s.MappingId && !activeIntegrations.Contains(m.IntegrationId)))
            .Select(s => new { s.Id, s.MappingId })
            .ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var leftover in leftovers)
        {
            if (await ClaimAsync(db.Subscriptions.Where(s => s.Id == leftover.Id), now, cancellationToken))
            {
                outbox.Add(QueueNames.RenewWebhook, new RenewWebhookJob(leftover.MappingId, leftover.Id, RenewWebhookJob.Remove, now));
                queued++;
            }
        }

        return queued;
    }

    /// <summary>
    /// Bookings whose change has not reached Outlook minutes after it was made (job lost, broker down, or the
    /// write failed): queued again, claimed by moving the mark so other cron instances skip them.
    /// </summary>
    private async Task<int> RequeueOverdueOutboundAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var overdueBefore = now - OutboundRetryAfter;
        var overdue = await db.Bookings.Where(b => b.OutboundDueAt != null && b.OutboundDueAt < overdueBefore)
            .Select(b => new { b.Id, b.OutboundDueAt }).ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var booking in overdue)
        {
            var claimed = await db.Bookings.Where(b => b.Id == booking.Id && b.OutboundDueAt == booking.OutboundDueAt)
                .ExecuteUpdateAsync(set => set.SetProperty(b => b.OutboundDueAt, now), cancellationToken) == 1;
            if (claimed)
            {
                outbox.Add(QueueNames.Outbound, new OutboundBookingJob(booking.Id, now));
                queued++;
            }
        }

        return queued;
    }

    /// <summary>
    /// Claims the renewal in one statement that re-checks the expiry: another instance may have renewed the
    /// subscription between this run reading it and claiming it.
    /// </summary>
    private Task<bool> ClaimRenewalAsync(string subscriptionId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ClaimAsync(db.Subscriptions.Where(s => s.Id == subscriptionId && s.ExpiresAt <= now + RenewWithin), now, cancellationToken);

    /// <summary>Claims work on the subscription unless another run claimed it lately (one statement: runs may overlap).</summary>
    private async Task<bool> ClaimAsync(IQueryable<Subscriptions.GraphSubscription> subscription, DateTimeOffset now, CancellationToken cancellationToken) =>
        await subscription
            .Where(s => s.RenewalQueuedAt == null || s.RenewalQueuedAt < now - RenewalClaim)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.RenewalQueuedAt, now), cancellationToken) == 1;

    private async Task<bool> ClaimPollAsync(int mappingId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Mappings
            .Where(m => m.Id == mappingId && (m.PollQueuedAt == null || m.PollQueuedAt < now - PollClaim))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.PollQueuedAt, now), cancellationToken) == 1;
}
