namespace OutlookSync.Queueing.Outbox;

/// <summary>
/// A job written in the same commit as the state it belongs to (a webhook's notifications, the cron's
/// claims, a new subscription's first sync). The relay publishes it with confirms and then deletes it, so a
/// broker outage delays jobs but never loses or strands them.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public string Queue { get; set; } = "";

    public byte[] Body { get; set; } = [];

    /// <summary>When the job was written (the service's clock).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The relay batch that is publishing it; with <see cref="ClaimedUntil"/>, keeps two relays from sending it twice.</summary>
    public Guid? ClaimToken { get; set; }

    /// <summary>Real time until which the claim holds; a relay that died mid-batch leaves it to the others after that.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>
    /// The W3C traceparent of the request or job that wrote it: the relay publishes under it, so a trace runs
    /// from the webhook through the queue to the worker even though the relay publishes later, elsewhere.
    /// </summary>
    public string? TraceParent { get; set; }

    /// <summary>
    /// Not before this moment (the service's clock): a job Graph throttled waits here for its Retry-After instead of
    /// holding a worker; null means at once.
    /// </summary>
    public DateTimeOffset? AvailableAt { get; set; }

    /// <summary>Failed publish attempts, for diagnostics.</summary>
    public int Attempts { get; set; }
}
