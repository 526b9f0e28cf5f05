namespace GraphSimulator;

public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>Longest subscription life Graph grants for Outlook events: 4230 minutes historically (docs now say 10080).</summary>
    public int MaxSubscriptionLifetimeMinutes { get; set; } = 4230;

    /// <summary>Real Graph only calls https notification URLs; a permissive local mode also accepts http.</summary>
    public bool AllowInsecureNotificationUrls { get; set; }

    /// <summary>How long a notification endpoint has to echo the validation token (Graph: 10 s).</summary>
    public TimeSpan ValidationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>When set, the simulator makes a certificate for https at start-up and writes it here as PEM for clients to trust.</summary>
    public string? HttpsCertificatePemPath { get; set; }

    /// <summary>Start with the demo tenant of <see cref="Tenants.DemoTenant"/> (standalone use).</summary>
    public bool SeedDemoTenant { get; set; }

    /// <summary>
    /// The sync service's base URL for the demo: its consent redirects {base}integrations/redirect/1..200 are
    /// registered on the demo app registrations, so any integration of a demo can run Step 1 and Step 2
    /// (Entra ID takes at most 256 redirect URIs per app, and no wildcard for these).
    /// </summary>
    public string DemoServiceBaseUrl { get; set; } = "http://127.0.0.1:5080/";

    public const int DemoIntegrations = 200;

    public string[] DemoRedirectUris() =>
        [.. Enumerable.Range(1, DemoIntegrations).Select(id => $"{DemoServiceBaseUrl.TrimEnd('/')}/integrations/redirect/{id}")];

    /// <summary>How long a calendarView delta token stays valid (simulated time); after that: 410 syncStateNotFound.</summary>
    public TimeSpan DeltaTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Outlook's limit per app and mailbox in any 10 minutes (simulated time).</summary>
    public int ThrottleRequestsPer10Minutes { get; set; } = 10_000;

    /// <summary>Outlook's limit of concurrent requests per app and mailbox.</summary>
    public int ThrottleConcurrentRequests { get; set; } = 4;

    /// <summary>Let other machines use the control API and page (they can rewrite tenants and move the clock). Off: loopback callers only.</summary>
    public bool AllowRemoteControl { get; set; }

    /// <summary>
    /// How long after a change its notification is posted (simulated time). Graph delivers Outlook notifications
    /// with latency (typically well under a minute) and batches those of one subscription that fall within it in
    /// one POST (several items in value[]); zero posts each at once on its own (the "instant" setting).
    /// </summary>
    public TimeSpan NotificationLatency { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long after the organizer sends a meeting a room's booking attendant answers (simulated time): until then
    /// the organizer sees the room's status "none" and the room's calendar is unchanged, as in Exchange, where the
    /// answer comes seconds later and never inside the organizer's request. Zero answers inside it ("instant").
    /// </summary>
    public TimeSpan RoomAnswerDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Graph challenges a subscription with a lifecycleNotificationUrl by itself: reauthorizationRequired when the
    /// subscription is about to expire (this long before, once per expiry) and when an administrator revokes the
    /// app's permissions (Microsoft's lifecycle notification documentation lists both). Zero: only on request.
    /// </summary>
    public TimeSpan ReauthorizationLead { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Notification POSTs under way at once, across subscriptions (Graph posts in parallel; one subscription's
    /// notifications are posted one after another, in order).
    /// </summary>
    public int DeliveryConcurrency { get; set; } = 8;

    /// <summary>How long a notification endpoint has to acknowledge a delivery (Graph: 3 s).</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
