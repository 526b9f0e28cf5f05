namespace OutlookSync.Queueing;

/// <summary>The queue names of the integration guide; operators see them in RabbitMQ's management UI.</summary>
public static class QueueNames
{
    public const string Inbound = "integration_calendar_inbound";
    public const string RenewWebhook = "integration_calendar_renew_webhook";

    /// <summary>Booking-system changes on their way to the service account's Outlook calendar (mode A).</summary>
    public const string Outbound = "integration_calendar_outbound";

    public static readonly string[] All = [Inbound, RenewWebhook, Outbound];

    public static string DeadLetter(string queue) => queue + DeadSuffix;

    /// <summary>The queue a dead-letter queue belongs to, or null for a working queue.</summary>
    public static string? WorkingQueueOf(string queue) => queue.EndsWith(DeadSuffix, StringComparison.Ordinal) ? queue[..^DeadSuffix.Length] : null;

    private const string DeadSuffix = ".dead";
}
