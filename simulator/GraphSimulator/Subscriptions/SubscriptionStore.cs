using System.Collections.Concurrent;

namespace GraphSimulator.Subscriptions;

/// <summary>Live subscriptions. An expired subscription is gone: it is neither listed nor found.</summary>
public sealed class SubscriptionStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.OrdinalIgnoreCase);

    public void Add(Subscription subscription) => _subscriptions[subscription.Id] = subscription;

    public Subscription? Find(string id)
    {
        if (!_subscriptions.TryGetValue(id, out var subscription))
        {
            return null;
        }

        // Expired but not yet swept: already gone for callers; the ticker removes it and notifies.
        return subscription.IsExpired(time.GetUtcNow()) ? null : subscription;
    }

    public IReadOnlyList<Subscription> All()
    {
        var now = time.GetUtcNow();
        return _subscriptions.Values.Where(s => !s.IsExpired(now)).OrderBy(s => s.ExpirationDateTime).ToList();
    }

    public bool Replace(Subscription updated) =>
        _subscriptions.TryGetValue(updated.Id, out var current) && _subscriptions.TryUpdate(updated.Id, updated, current);

    public bool Remove(string id) => _subscriptions.TryRemove(id, out _);

    /// <summary>Takes out every subscription whose expiry has passed and hands them back (for lifecycle notifications).</summary>
    public IReadOnlyList<Subscription> RemoveExpired()
    {
        var now = time.GetUtcNow();
        var removed = new List<Subscription>();
        foreach (var subscription in _subscriptions.Values.Where(s => s.IsExpired(now)))
        {
            if (_subscriptions.TryRemove(subscription.Id, out var gone))
            {
                removed.Add(gone);
            }
        }

        return removed;
    }
}
