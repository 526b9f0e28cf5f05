namespace OutlookSync.Sync;

/// <summary>
/// A change notification already synced (subscription, item, change, etag). A job made only of these is a
/// duplicate delivery: acknowledged without asking Graph again. (The delta sync is idempotent anyway;
/// this saves the round trip.)
/// </summary>
public sealed class ProcessedNotification
{
    public long Id { get; set; }

    public required string SubscriptionId { get; set; }

    public required string Key { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }

    public static string KeyOf(InboundChange change) => $"{change.ChangeType}|{change.ResourceId}|{change.ETag}";
}
