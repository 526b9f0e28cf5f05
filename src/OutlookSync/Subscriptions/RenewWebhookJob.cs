namespace OutlookSync.Subscriptions;

/// <summary>
/// A job on integration_calendar_renew_webhook: renew the calendar's subscription (PATCH), or create it
/// when there is none or Graph says it is gone (then resync with delta); for a deactivated integration,
/// delete a subscription Graph still has (<see cref="Remove"/>).
/// </summary>
public sealed record RenewWebhookJob(int MappingId, string? SubscriptionId, string Reason, DateTimeOffset QueuedAt)
{
    /// <summary>The integration was deactivated but Graph could not delete this subscription then: try again.</summary>
    public const string Remove = "remove";

    /// <summary>A large integration is being activated: subscribe the calendar (it has no subscription yet).</summary>
    public const string Activation = "activation";
}
