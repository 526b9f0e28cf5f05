namespace OutlookSync.Subscriptions;

/// <summary>
/// A job on integration_calendar_renew_webhook: renew the calendar's subscription (PATCH), or create it
/// when there is none or Graph says it is gone (then resync with delta).
/// </summary>
public sealed record RenewWebhookJob(int MappingId, string? SubscriptionId, string Reason, DateTimeOffset QueuedAt);
