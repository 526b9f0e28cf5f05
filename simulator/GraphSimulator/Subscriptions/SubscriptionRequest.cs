namespace GraphSimulator.Subscriptions;

/// <summary>The body of POST /subscriptions (and the one field PATCH may change).</summary>
public sealed record SubscriptionRequest(
    string? ChangeType,
    string? NotificationUrl,
    string? LifecycleNotificationUrl,
    string? Resource,
    DateTimeOffset? ExpirationDateTime,
    string? ClientState,
    string? LatestSupportedTlsVersion);

/// <summary>A Graph error to answer with: status, code and message as Graph words them.</summary>
public sealed record GraphProblem(int Status, string Code, string Message);
