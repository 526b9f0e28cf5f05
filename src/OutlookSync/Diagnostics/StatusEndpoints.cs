using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OutlookSync.Integrations;
using OutlookSync.Queueing;
using OutlookSync.Scheduling;
using OutlookSync.Storage;
using OutlookSync.Subscriptions;
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

    private static async Task<IResult> StatusAsync(SyncDbContext db, ServiceState state, WebhookCounters webhook, SyncCounters totals, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var calendars = await db.Mappings.AsNoTracking()
            .Join(db.Integrations, m => m.IntegrationId, i => i.Id, (m, i) => new { Mapping = m, Integration = i })
            .ToListAsync(cancellationToken);
        var subscriptions = await db.Subscriptions.ByCalendarAsync(cancellationToken);
        return Results.Ok(new
        {
            Now = now,
            Cron = await state.CronAsync(cancellationToken),
            Activations = await state.ActivationsAsync(cancellationToken),
            Queues = await state.QueuesAsync(cancellationToken),
            Calendars = calendars.Select(c =>
            {
                var subscription = subscriptions.GetValueOrDefault(c.Mapping.Id);
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
            Webhook = webhook.Snapshot(),
            ThisNode = new { totals.Renewals, totals.Recreations, totals.Syncs, totals.PollsQueued, totals.DuplicatesSkipped, totals.SyncsCovered, totals.SyncsSpaced, totals.BookingsCreated, totals.BookingsUpdated, totals.BookingsCancelled },
            Nodes = await state.NodesAsync(cancellationToken),
        });
    }
}
