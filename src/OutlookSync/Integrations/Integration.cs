namespace OutlookSync.Integrations;

/// <summary>Mode A: one service account, one subscription on "me". Mode B: app-only, one subscription per room mailbox.</summary>
public enum IntegrationMode
{
    Delegated,
    Application,
}

/// <summary>One Outlook integration: the app registration it uses, how it maps calendars to objects, and how inbound items become bookings.</summary>
public sealed class Integration
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public IntegrationMode Mode { get; set; }

    public required string TenantId { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The client secret, encrypted with ASP.NET Core Data Protection; never returned or logged.</summary>
    public string? ProtectedClientSecret { get; set; }

    /// <summary>When the secret was last set: the screens show this, never the secret.</summary>
    public DateTimeOffset? ClientSecretSetAt { get; set; }

    public bool Active { get; set; }

    public string? ProblemEmail { get; set; }

    public InboundBehaviour Inbound { get; set; } = new();

    /// <summary>Mode A: MSAL's token cache for the connected service account (protected), and who it is.</summary>
    public string? ProtectedTokenCache { get; set; }

    public string? ConnectedAccountId { get; set; }

    public string? ConnectedUser { get; set; }

    /// <summary>Step 1: an administrator granted consent through the redirect.</summary>
    public bool ConsentGranted { get; set; }

    public DateTimeOffset? ConsentGrantedAt { get; set; }

    /// <summary>When the service account was connected (Step 2).</summary>
    public DateTimeOffset? ConnectedAt { get; set; }

    /// <summary>Mode A: who granted consent in Step 1 (an administrator), so connecting that same person as the service account is caught (TEST-08).</summary>
    public string? ConsentedBy { get; set; }

    /// <summary>The last sign-in or consent failure, in Entra ID's words (AADSTS...), for the auth screen.</summary>
    public string? AuthProblem { get; set; }

    /// <summary>The state of the consent/connect round trip under way, so a forged redirect is refused.</summary>
    public string? PendingState { get; set; }

    public DateTimeOffset? PendingStateExpires { get; set; }

    /// <summary>Which step the round trip under way is: "consent" (Step 1) or "connect" (Step 2).</summary>
    public string? PendingStep { get; set; }

    public List<CalendarMapping> Mappings { get; set; } = [];
}

/// <summary>The inbound behaviour fields: what an Outlook item becomes on our side.</summary>
public sealed class InboundBehaviour
{
    /// <summary>Status of bookings created from Outlook.</summary>
    public Bookings.BookingStatus CreatedStatus { get; set; } = Bookings.BookingStatus.Confirmed;

    /// <summary>Title for private (sensitivity private/confidential) items instead of their subject.</summary>
    public string PrivateTitle { get; set; } = "Private meeting";

    /// <summary>How many days ahead (and 1 day back) the calendar is synced.</summary>
    public int SyncWindowDays { get; set; } = 90;

    /// <summary>On a clash with an existing booking of the object: keep both (true) or mark the Outlook one pending.</summary>
    public bool AllowConflicts { get; set; } = false;
}

/// <summary>A synced calendar: a room mailbox (mode B) or the service account's own calendar (mode A), and its object.</summary>
public sealed class CalendarMapping
{
    public int Id { get; set; }

    public int IntegrationId { get; set; }

    public int ObjectId { get; set; }

    /// <summary>The room's UPN (mode B) or "me" (mode A).</summary>
    public required string Mailbox { get; set; }

    public string? DeltaLink { get; set; }

    /// <summary>
    /// The end of the window the DeltaLink's round was started with: a delta link keeps its window for good, so the
    /// sync starts a new round once the sync window has moved a day past it (new occurrences of series come in).
    /// </summary>
    public DateTimeOffset? DeltaWindowEnd { get; set; }

    public DateTimeOffset? LastSyncAt { get; set; }

    /// <summary>
    /// When the latest completed sync began reading Graph: a job queued before that moment is covered by it (Graph
    /// notifies after a change is made), so it is acknowledged without reading Graph again.
    /// </summary>
    public DateTimeOffset? LastSyncStartedAt { get; set; }

    /// <summary>
    /// A queued sync waits in the outbox until this moment (Sync:MinRoundInterval): a job queued before it is covered
    /// by that sync, which reads Graph no earlier, so it is acknowledged at once.
    /// </summary>
    public DateTimeOffset? PendingRoundAt { get; set; }

    /// <summary>What the last sync changed ("2 created, 1 updated, 0 cancelled"), for the diagnostics screen.</summary>
    public string? LastSyncSummary { get; set; }

    /// <summary>When the polling fallback last queued a sync for it (see ExecuteIntegrations).</summary>
    public DateTimeOffset? PollQueuedAt { get; set; }

    /// <summary>Why this calendar cannot sync (e.g. outside the ApplicationAccessPolicy), shown to operators.</summary>
    public string? Problem { get; set; }
}
