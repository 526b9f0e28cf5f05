using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace OutlookSync.Webhooks;

/// <summary>
/// The subscriptions the webhook let through lately (known, of an active integration), so a busy webhook does not
/// read the database for every POST: at 1,000 notifications a second that read was most of the webhook's own cost.
/// A change this node commits that could turn an answer (a subscription deleted, an integration changed, a calendar
/// removed) forgets them all at once (<see cref="KnownSubscriptionsInvalidation"/>). A change another node commits is
/// seen here within <see cref="MaxAge"/>; until then such a notification is queued instead of ignored, and the worker,
/// which checks the subscription and its integration again, drops it. Unknown ids and wrong clientStates are never
/// remembered: the database decides those every time.
/// </summary>
public sealed class KnownSubscriptions
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    // Far more than one per room; a bound all the same.
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;

    /// <summary>Read before asking the database, and handed back to <see cref="Remember"/>: an answer read before a change is never kept after it.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public bool TryGet(string id, [NotNullWhen(true)] out KnownSubscription? subscription)
    {
        // Real time: how long another node's change may go unseen here, not a moment of the service's schedule.
        if (_entries.TryGetValue(id, out var entry) && entry.Generation == Generation && Environment.TickCount64 - entry.At < (long)MaxAge.TotalMilliseconds) // wall-clock ok
        {
            subscription = entry.Subscription;
            return true;
        }

        subscription = null;
        return false;
    }

    public void Remember(KnownSubscription subscription, long generation)
    {
        if (!subscription.Active)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[subscription.Id] = new Entry(subscription, generation, Environment.TickCount64); // wall-clock ok
    }

    public void ForgetAll()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private sealed record Entry(KnownSubscription Subscription, long Generation, long At);
}
