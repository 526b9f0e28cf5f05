using Microsoft.EntityFrameworkCore;

namespace OutlookSync.Subscriptions;

/// <summary>A subscription we created at Graph for one mapped calendar.</summary>
public sealed class GraphSubscription
{
    /// <summary>Graph's subscription id.</summary>
    public required string Id { get; set; }

    public int MappingId { get; set; }

    /// <summary>Random per subscription; notifications must carry it back. Stored protected.</summary>
    public required string ProtectedClientState { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it was last renewed at Graph (diagnostics).</summary>
    public DateTimeOffset? LastRenewedAt { get; set; }

    /// <summary>When a worker last processed a notification of this subscription (diagnostics).</summary>
    public DateTimeOffset? LastNotificationAt { get; set; }

    /// <summary>When a renew job was last queued for it: lets several cron runs overlap without double renewals.</summary>
    public DateTimeOffset? RenewalQueuedAt { get; set; }
}

public static class SubscriptionsByCalendar
{
    /// <summary>Every subscription, untracked, by its calendar: one read, then one lookup per calendar shown.</summary>
    public static async Task<Dictionary<int, GraphSubscription>> ByCalendarAsync(this DbSet<GraphSubscription> subscriptions, CancellationToken cancellationToken) =>
        (await subscriptions.AsNoTracking().ToListAsync(cancellationToken)).GroupBy(s => s.MappingId).ToDictionary(g => g.Key, g => g.First());
}
