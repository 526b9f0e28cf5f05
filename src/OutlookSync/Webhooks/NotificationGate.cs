using System.Security.Cryptography;
using System.Text;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using OutlookSync.Integrations;
using OutlookSync.Storage;

namespace OutlookSync.Webhooks;

/// <summary>
/// Lets through only notifications for subscriptions we created, carrying their clientState, for active
/// integrations. Anything else is counted and dropped: the webhook is anonymous, so anyone can post to it. Subscriptions
/// let through lately are checked from memory (<see cref="KnownSubscriptions"/>); any other id is read from the database.
/// </summary>
public sealed class NotificationGate(SyncDbContext db, ClientStates clientStates, KnownSubscriptions remembered, WebhookCounters counters)
{
    // The webhook runs this query for every request it does not answer from memory: compiled once, as building it each time (EF evaluating the
    // context's sets inside it) cost more than running it. A compiled query keeps the first model it meets, so one
    // per model: a process can hold services on SQLite and on PostgreSQL (the tests do).
    private static readonly ConditionalWeakTable<IModel, Func<SyncDbContext, List<string>, IAsyncEnumerable<KnownSubscription>>> Compiled = new();

    private static Func<SyncDbContext, List<string>, IAsyncEnumerable<KnownSubscription>> KnownQuery(IModel model) =>
        Compiled.GetValue(model, _ => EF.CompileAsyncQuery((SyncDbContext db, List<string> ids) => db.Subscriptions
            .Where(s => ids.Contains(s.Id))
            .Select(s => new KnownSubscription(
                s.Id,
                s.ProtectedClientState,
                db.Mappings.Any(m => m.Id == s.MappingId && db.Integrations.Any(i => i.Id == m.IntegrationId && i.Active))))));

    public async Task<GateResult> FilterAsync(IReadOnlyList<ChangeNotification> notifications, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, KnownSubscription>(StringComparer.Ordinal);
        var toRead = new List<string>();
        foreach (var id in notifications.Select(n => n.SubscriptionId!).Distinct())
        {
            if (remembered.TryGet(id, out var subscription))
            {
                known[id] = subscription;
            }
            else
            {
                toRead.Add(id);
            }
        }

        if (toRead.Count > 0)
        {
            var generation = remembered.Generation;
            await foreach (var subscription in KnownQuery(db.Model)(db, toRead).WithCancellation(cancellationToken))
            {
                known[subscription.Id] = subscription;
                remembered.Remember(subscription, generation);
            }
        }

        var accepted = new List<ChangeNotification>();
        var rejected = new List<string>();
        var ignored = new List<ChangeNotification>();
        foreach (var notification in notifications)
        {
            if (!known.TryGetValue(notification.SubscriptionId!, out var subscription)
                || !SameClientState(clientStates.Unprotect(subscription.ProtectedClientState), notification.ClientState))
            {
                counters.Rejected();
                rejected.Add(notification.SubscriptionId!);
                continue;
            }

            if (!subscription.Active)
            {
                counters.Ignored();
                ignored.Add(notification);
                continue;
            }

            accepted.Add(notification);
        }

        return new GateResult(accepted, ignored, rejected);
    }

    /// <summary>The clientState check, in constant time (a timing difference would let a caller guess it byte by byte).</summary>
    public static bool SameClientState(string expected, string? given) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}

/// <summary>
/// Notifications to queue; how many were genuine but for an inactive integration (acknowledged, dropped);
/// and the subscription ids of those refused (unknown subscription or wrong clientState).
/// </summary>
public sealed record GateResult(List<ChangeNotification> Accepted, List<ChangeNotification> Ignored, List<string> Rejected);

/// <summary>A subscription a notification names: its protected clientState, and whether its integration is active.</summary>
public sealed record KnownSubscription(string Id, string ProtectedClientState, bool Active);
