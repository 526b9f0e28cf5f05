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
        var mappings = await db.Mappings.AsNoTracking().Where(m => active.Contains(m.IntegrationId)).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.LastSyncAt }).ToListAsync(cancellationToken);
        // By calendar: looked up once per calendar, so a run stays linear in the number of rooms. All are read and those
        // of inactive integrations dropped here: a list of 10,000 calendars in the query cost SQLite a quarter second.
        var calendars = mappings.Select(m => m.Id).ToHashSet();
        var subscriptions = (await db.Subscriptions.AsNoTracking().Select(s => new { s.Id, s.MappingId, s.ExpiresAt }).ToListAsync(cancellationToken))
            .Where(s => calendars.Contains(s.MappingId)).GroupBy(s => s.MappingId).ToDictionary(g => g.Key, g => g.First());
        // What is due, then claimed in a few statements: an item another run claimed since this one read it is skipped.
        var missing = mappings.Where(m => subscriptions.GetValueOrDefault(m.Id) is not { } s || s.ExpiresAt <= now).Select(m => m.Id).ToHashSet();
        var expiring = mappings.Where(m => !missing.Contains(m.Id) && subscriptions[m.Id].ExpiresAt - now <= RenewWithin).Select(m => subscriptions[m.Id].Id).ToList();
        var unsynced = mappings.Where(m => !missing.Contains(m.Id) && (m.LastSyncAt is null || now - m.LastSyncAt > PollAfter)).Select(m => m.Id);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimedCalendars = await db.ClaimPollsAsync([.. missing, .. unsynced], now, now - PollClaim, cancellationToken);
        var claimedRenewals = await db.ClaimSubscriptionsAsync(expiring, now, now - RenewalClaim, now + RenewWithin, cancellationToken);

        var jobs = new List<OutboxJob>();
        int renewals = 0, recreations = 0, polls = 0;
        foreach (var mapping in mappings)
        {
            var subscription = subscriptions.GetValueOrDefault(mapping.Id);
            if (missing.Contains(mapping.Id))
            {
                if (claimedCalendars.Contains(mapping.Id))
                {
                    jobs.Add(JobOutbox.Entry(QueueNames.RenewWebhook, new RenewWebhookJob(mapping.Id, subscription?.Id, "missing", now)));
                    recreations++;
                }

                continue;
            }

            if (claimedRenewals.Contains(subscription!.Id))
            {
                jobs.Add(JobOutbox.Entry(QueueNames.RenewWebhook, new RenewWebhookJob(mapping.Id, subscription.Id, "expiring", now)));
                renewals++;
            }

            if (claimedCalendars.Contains(mapping.Id))
            {
                jobs.Add(JobOutbox.Entry(QueueNames.Inbound, InboundNotificationJob.Poll(mapping.Id, now)));
                polls++;
            }
        }

        var removals = await QueueRemovalsAsync(active, now, jobs, cancellationToken);
        var outbound = await RequeueOverdueOutboundAsync(now, jobs, cancellationToken);
        await outbox.AddManyAsync(jobs, cancellationToken);

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
    private async Task<int> QueueRemovalsAsync(List<int> activeIntegrations, DateTimeOffset now, List<OutboxJob> jobs, CancellationToken cancellationToken)
    {
        var leftovers = await db.Subscriptions
            .Where(s => db.Mappings.Any(m => m.Id == s.MappingId && !activeIntegrations.Contains(m.IntegrationId)))
            .Select(s => new { s.Id, s.MappingId })
            .ToListAsync(cancellationToken);
        var claimed = await db.ClaimSubscriptionsAsync(leftovers.Select(l => l.Id).ToList(), now, now - RenewalClaim, expiringBy: null, cancellationToken);
        foreach (var leftover in leftovers.Where(l => claimed.Contains(l.Id)))
        {
            jobs.Add(JobOutbox.Entry(QueueNames.RenewWebhook, new RenewWebhookJob(leftover.MappingId, leftover.Id, RenewWebhookJob.Remove, now)));
        }

        return claimed.Count;
    }

    /// <summary>
    /// Bookings whose change has not reached Outlook minutes after it was made (job lost, broker down, or the
    /// write failed): queued again, claimed by moving the mark so other cron instances skip them.
    /// </summary>
    private async Task<int> RequeueOverdueOutboundAsync(DateTimeOffset now, List<OutboxJob> jobs, CancellationToken cancellationToken)
    {
        var claimed = await db.ClaimOverdueBookingsAsync(now, now - OutboundRetryAfter, cancellationToken);
        jobs.AddRange(claimed.Select(id => JobOutbox.Entry(QueueNames.Outbound, new OutboundBookingJob(id, now))));
        return claimed.Count;
    }
}
