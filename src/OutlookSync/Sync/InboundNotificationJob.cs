using OutlookSync.Webhooks;

namespace OutlookSync.Sync;

/// <summary>
/// One job per subscription (that is, per synced calendar) in a webhook batch. The clientState is
/// deliberately not carried: it is a shared secret and has been checked before queueing. <see cref="DueAt"/> is
/// set on a job that waited for its calendar's next round (Sync:MinRoundInterval): it stands for every change
/// notified until then, so only a sync that began after that moment covers it.
/// </summary>
public sealed record InboundNotificationJob(string SubscriptionId, DateTimeOffset ReceivedAt, IReadOnlyList<InboundChange> Changes, int? MappingId = null, DateTimeOffset? DueAt = null)
{
    /// <summary>A sync that began after this moment has seen every change the job stands for.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset CoveredAfter => DueAt ?? ReceivedAt;

    /// <summary>A sync asked for by the cron's polling fallback or a renewal, not by a notification.</summary>
    public static InboundNotificationJob Poll(int mappingId, DateTimeOffset at) => new("", at, [], mappingId);

    public static IReadOnlyList<InboundNotificationJob> FromBatch(IEnumerable<ChangeNotification> notifications, DateTimeOffset receivedAt) =>
        notifications
            .GroupBy(n => n.SubscriptionId!, StringComparer.Ordinal)
            .Select(g => new InboundNotificationJob(
                g.Key,
                receivedAt,
                g.Select(n => new InboundChange(n.ChangeType, n.LifecycleEvent, n.Resource, n.ResourceData?.Id, n.ResourceData?.ODataEtag)).ToList()))
            .ToList();
}

public sealed record InboundChange(string? ChangeType, string? LifecycleEvent, string? Resource, string? ResourceId, string? ETag = null);
