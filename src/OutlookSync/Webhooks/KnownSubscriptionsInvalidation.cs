using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using OutlookSync.Integrations;
using OutlookSync.Storage;
using OutlookSync.Subscriptions;

namespace OutlookSync.Webhooks;

/// <summary>
/// Makes the webhook forget the subscriptions it remembers (<see cref="KnownSubscriptions"/>) once this node commits a
/// change that could alter its answer: a subscription deleted, an integration changed or deleted, a calendar removed.
/// </summary>
public sealed class KnownSubscriptionsInvalidation(KnownSubscriptions known) : AfterCommitInterceptor
{
    protected override bool Concerns(DbContext context) => context.ChangeTracker.Entries().Any(AltersTheGate);

    protected override void Committed() => known.ForgetAll();

    private static bool AltersTheGate(EntityEntry entry) => entry.Entity switch
    {
        GraphSubscription => entry.State == EntityState.Deleted,
        Integration => entry.State is EntityState.Modified or EntityState.Deleted,
        CalendarMapping => entry.State == EntityState.Deleted,
        _ => false,
    };
}
