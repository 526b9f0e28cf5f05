namespace OutlookSync.Webhooks;

/// <summary>
/// One thing that happened at the webhook, for the diagnostics screen: a validation handshake answered, or
/// a notification and what became of it. Bounded: ExecuteIntegrations keeps the latest <see cref="Kept"/>.
/// </summary>
public sealed class WebhookEvent
{
    public const int Kept = 500;

    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>"validation" or "notification".</summary>
    public required string Kind { get; set; }

    public string? SubscriptionId { get; set; }

    /// <summary>created/updated/deleted, or the lifecycle event.</summary>
    public string? Change { get; set; }

    /// <summary>echoed; queued; rejected as spoofed; ignored (integration inactive).</summary>
    public required string Outcome { get; set; }

    public static class Outcomes
    {
        public const string Echoed = "echoed";
        public const string Queued = "queued";
        public const string Spoofed = "rejected as spoofed (unknown subscription or wrong clientState)";
        public const string Ignored = "ignored: the integration is inactive";
        public const string Malformed = "refused (400): not a Graph notification body";
        public const string TooLarge = "refused (413): body larger than 1 MB";
    }
}
