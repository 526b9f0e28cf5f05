using GraphSimulator.Subscriptions;

namespace GraphSimulator.Notifications;

/// <summary>One notification POST to make (and retry): a change notification or a lifecycle notification.</summary>
public sealed record Delivery(
    string Id,
    string SubscriptionId,
    string Url,
    string Kind,
    string What,
    string ResourceId,
    object Body,
    DateTimeOffset FirstAttemptAt,
    int Attempt = 0,
    DateTimeOffset DueAt = default)
{
    public const string Change = "change";
    public const string Lifecycle = "lifecycle";

    public static readonly string[] LifecycleEvents = ["reauthorizationRequired", "subscriptionRemoved", "missed"];

    public static Delivery ForChange(Subscription subscription, string changeType, string resourceId, DateTimeOffset now)
    {
        var resource = $"Users/{subscription.MailboxId}/Events/{resourceId}";
        var body = new
        {
            value = new[]
            {
                new Dictionary<string, object?>
                {
                    ["subscriptionId"] = subscription.Id,
                    ["subscriptionExpirationDateTime"] = subscription.ExpirationDateTime,
                    ["changeType"] = changeType,
                    ["resource"] = resource,
                    ["resourceData"] = new Dictionary<string, object?>
                    {
                        ["@odata.type"] = "#Microsoft.Graph.Event",
                        ["@odata.id"] = resource,
                        ["@odata.etag"] = $"W/\"{Guid.NewGuid():N}\"",
                        ["id"] = resourceId,
                    },
                    ["clientState"] = subscription.ClientState,
                    ["tenantId"] = subscription.TenantId,
                },
            },
        };
        return new Delivery(Guid.NewGuid().ToString("N"), subscription.Id, subscription.NotificationUrl, Change, changeType, resourceId, body, now, DueAt: now);
    }

    /// <summary>Sent to the lifecycleNotificationUrl; null when the subscription has none (Graph then sends nothing).</summary>
    public static Delivery? ForLifecycle(Subscription subscription, string lifecycleEvent, DateTimeOffset now)
    {
        if (subscription.LifecycleNotificationUrl is null)
        {
            return null;
        }

        var body = new
        {
            value = new[]
            {
                new Dictionary<string, object?>
                {
                    ["subscriptionId"] = subscription.Id,
                    ["subscriptionExpirationDateTime"] = subscription.ExpirationDateTime,
                    ["tenantId"] = subscription.TenantId,
                    ["clientState"] = subscription.ClientState,
                    ["lifecycleEvent"] = lifecycleEvent,
                },
            },
        };
        return new Delivery(Guid.NewGuid().ToString("N"), subscription.Id, subscription.LifecycleNotificationUrl, Lifecycle, lifecycleEvent, "", body, now, DueAt: now);
    }
}
