using GraphSimulator.Subscriptions;

namespace GraphSimulator.Notifications;

/// <summary>One notification POST to make (and retry): change notifications (several, when batched) or a lifecycle notification.</summary>
public sealed record Delivery(
    string Id,
    string SubscriptionId,
    string Url,
    string Kind,
    string What,
    string ResourceId,
    IReadOnlyList<Dictionary<string, object?>> Items,
    DateTimeOffset FirstAttemptAt,
    int Attempt = 0,
    DateTimeOffset DueAt = default)
{
    /// <summary>
    /// A first attempt of ordinary change notifications: it may go in one POST with the ones of its subscription
    /// ready next to it. Retries, duplicates and deliveries held back by the control API keep their own POST.
    /// </summary>
    public bool Joinable { get; init; }

    /// <summary>What is posted: Graph's collection of notifications.</summary>
    public object Body => new { value = Items };

    /// <summary>Several change notifications of one subscription in one POST, as Graph batches them.</summary>
    public static Delivery Batch(IReadOnlyList<Delivery> deliveries) =>
        deliveries.Count == 1
            ? deliveries[0]
            : deliveries[0] with
            {
                Id = Guid.NewGuid().ToString("N"),
                What = string.Join(",", deliveries.Select(d => d.What).Distinct()),
                ResourceId = string.Join(",", deliveries.Select(d => d.ResourceId)),
                Items = [.. deliveries.SelectMany(d => d.Items)],
            };

    public const string Change = "change";
    public const string Lifecycle = "lifecycle";

    public static readonly string[] LifecycleEvents = ["reauthorizationRequired", "subscriptionRemoved", "missed"];

    /// <summary>A change notification; its resourceData etag is the item's after the change (none for a deletion), as Graph sends it.</summary>
    public static Delivery ForChange(Subscription subscription, string changeType, string resourceId, DateTimeOffset now, string? changeKey = null)
    {
        var resource = $"Users/{subscription.MailboxId}/Events/{resourceId}";
        var item = new Dictionary<string, object?>
        {
            ["subscriptionId"] = subscription.Id,
            ["subscriptionExpirationDateTime"] = subscription.ExpirationDateTime,
            ["changeType"] = changeType,
            ["resource"] = resource,
            ["resourceData"] = ResourceData(resource, resourceId, changeKey),
            ["clientState"] = subscription.ClientState,
            ["tenantId"] = subscription.TenantId,
        };
        return new Delivery(Guid.NewGuid().ToString("N"), subscription.Id, subscription.NotificationUrl, Change, changeType, resourceId, [item], now, DueAt: now);
    }

    private static Dictionary<string, object?> ResourceData(string resource, string resourceId, string? changeKey)
    {
        var data = new Dictionary<string, object?> { ["@odata.type"] = "#Microsoft.Graph.Event", ["@odata.id"] = resource };
        if (changeKey is not null)
        {
            data["@odata.etag"] = $"W/\"{changeKey}\"";
        }

        data["id"] = resourceId;
        return data;
    }

    /// <summary>Sent to the lifecycleNotificationUrl; null when the subscription has none (Graph then sends nothing).</summary>
    public static Delivery? ForLifecycle(Subscription subscription, string lifecycleEvent, DateTimeOffset now)
    {
        if (subscription.LifecycleNotificationUrl is null)
        {
            return null;
        }

        var item = new Dictionary<string, object?>
        {
            ["subscriptionId"] = subscription.Id,
            ["subscriptionExpirationDateTime"] = subscription.ExpirationDateTime,
            ["tenantId"] = subscription.TenantId,
            ["clientState"] = subscription.ClientState,
            ["lifecycleEvent"] = lifecycleEvent,
        };
        return new Delivery(Guid.NewGuid().ToString("N"), subscription.Id, subscription.LifecycleNotificationUrl, Lifecycle, lifecycleEvent, "", [item], now, DueAt: now);
    }
}
