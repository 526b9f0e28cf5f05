using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OutlookSync.Integrations;
using OutlookSync.Queueing;
using OutlookSync.Scheduling;
using OutlookSync.Storage;
using OutlookSync.Webhooks;

namespace OutlookSync.Diagnostics;

/// <summary>
/// The status the diagnostics screen shows: is the cron running (heartbeat age), the queues (depth,
/// consumers), every synced calendar (last sync, subscription expiry, problem) and the webhook tallies.
/// Also runs ExecuteIntegrations once on demand, as the one-shot command does.
/// </summary>
public static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatus(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAdminApiKey();
        admin.MapGet("/status", StatusAsync);
        admin.MapPost("/cron/run", async (ExecuteIntegrations cron, CancellationToken ct) => Results.Ok(await cron.RunAsync("admin API", ct)));
        return app;
    }

    private static async Task<IResult> StatusAsync(SyncDbContext db, IJobQueue queue, WorkTracker work, WebhookCounters webhook, SyncCounters totals, TimeProvider time, IOptions<CronOptions> cron, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var heartbeat = await db.CronHeartbeats.OrderBy(h => h.Id).FirstOrDefaultAsync(cancellationToken);
        var queues = new List<object>();
        foreach (var name in QueueNames.All)
        {
            try
            {
                var state = await queue.InspectAsync(name, cancellationToken);
                queues.Add(new { state.Name, state.Messages, state.Consumers, InFlightHere = work.InFlight(name), Problem = (string?)null });
            }
            catch (QueueUnavailableException ex)
            {
                queues.Add(new { Name = name, Messages = -1L, Consumers = -1L, InFlightHere = work.InFlight(name), Problem = (string?)ex.Message });
            }
        }

        var calendars = await db.Mappings
            .Join(db.Integrations, m => m.IntegrationId, i => i.Id, (m, i) => new { Mapping = m, Integration = i })
            .ToListAsync(cancellationToken);
        var subscriptions = await db.Subscriptions.ToListAsync(cancellationToken);
        var nodes = await db.NodeHeartbeats.ToListAsync(cancellationToken);
        var live = nodes.Where(n => now - n.LastSeenAt <= TimeSpan.FromMinutes(5)).ToList();
        var newestWeb = live.Where(n => n.Roles.Contains("web", StringComparison.Ordinal)).MaxBy(n => n.StartedAt);
        return Results.Ok(new
        {
            Now = now,
            Cron = new
            {
                LastRunAt = heartbeat?.LastRunAt,
                heartbeat?.RunBy,
                AgeSeconds = heartbeat is null ? (double?)null : (now - heartbeat.LastRunAt).TotalSeconds,
                Running = heartbeat is not null && now - heartbeat.LastRunAt <= 2 * cron.Value.Interval,
                Message = heartbeat is null
                    ? "ExecuteIntegrations has never run: start the cron (role 'cron' or the one-shot command in a system cron) (INFRA-3, TEST-11)."
                    : now - heartbeat.LastRunAt > 2 * cron.Value.Interval
                        ? $"ExecuteIntegrations last ran {(now - heartbeat.LastRunAt).TotalMinutes:0} minutes ago: the cron is not running (INFRA-3, TEST-11, PROD-06)."
                        : "ExecuteIntegrations is running.",
            },
            Queues = queues,
            Calendars = calendars.Select(c =>
            {
                var subscription = subscriptions.FirstOrDefault(s => s.MappingId == c.Mapping.Id);
                return new
                {
                    IntegrationId = c.Integration.Id,
                    c.Integration.Active,
                    c.Mapping.Mailbox,
                    c.Mapping.LastSyncAt,
                    c.Mapping.Problem,
                    SubscriptionId = subscription?.Id,
                    SubscriptionExpiresAt = subscription?.ExpiresAt,
                    LastNotificationAt = subscription?.LastNotificationAt,
                    SubscriptionExpired = subscription is null || subscription.ExpiresAt <= now,
                };
            }),
            Webhook = new { Rejected = webhook.RejectedCount, Ignored = webhook.IgnoredCount },
            ThisNode = new { totals.Renewals, totals.Recreations, totals.Syncs, totals.PollsQueued, totals.DuplicatesSkipped, totals.BookingsCreated, totals.BookingsUpdated, totals.BookingsCancelled },
            Nodes = live.OrderBy(n => n.StartedAt).Select(n =>
            {
                var stale = newestWeb is not null && n.Roles.Contains("worker", StringComparison.Ordinal) && n.Id != newestWeb.Id
                    && (n.BuildVersion != newestWeb.BuildVersion || n.ConfigVersion != newestWeb.ConfigVersion);
                return new
                {
                    n.Id,
                    n.Roles,
                    n.BuildVersion,
                    n.ConfigVersion,
                    n.StartedAt,
                    n.LastSeenAt,
                    Stale = stale,
                    Message = stale ? "This worker runs another build or configuration than the web node: restart the workers after a deploy (INFRA-5, PROD-06)." : null,
                };
            }),
        });
    }
}
