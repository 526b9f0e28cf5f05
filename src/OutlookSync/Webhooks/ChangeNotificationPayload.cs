using System.Text.Json.Serialization;

namespace OutlookSync.Webhooks;

/// <summary>The body Graph posts to the webhook: change notifications and lifecycle notifications.</summary>
public sealed record ChangeNotificationCollection(List<ChangeNotification>? Value);

public sealed record ChangeNotification(
    string? SubscriptionId,
    DateTimeOffset? SubscriptionExpirationDateTime,
    string? ClientState,
    string? ChangeType,
    string? Resource,
    string? TenantId,
    string? LifecycleEvent,
    ResourceData? ResourceData);

public sealed record ResourceData(
    string? Id,
    [property: JsonPropertyName("@odata.type")] string? ODataType,
    [property: JsonPropertyName("@odata.id")] string? ODataId,
    [property: JsonPropertyName("@odata.etag")] string? ODataEtag);
