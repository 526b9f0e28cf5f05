namespace GraphSimulator.Subscriptions;

/// <summary>A Graph change-notification subscription as the simulator keeps it.</summary>
public sealed record Subscription(
    string Id,
    string Resource,
    string ChangeType,
    string NotificationUrl,
    string? LifecycleNotificationUrl,
    string? ClientState,
    DateTimeOffset ExpirationDateTime,
    string ApplicationId,
    string CreatorId,
    string TenantId,
    string MailboxId)
{
    /// <summary>Every PATCH that moved the expiry, oldest first (for the control API; Graph does not show this).</summary>
    public IReadOnlyList<SubscriptionRenewal> Renewals { get; init; } = [];

    /// <summary>The expiry for which Graph already challenged the app with reauthorizationRequired (once per expiry).</summary>
    public DateTimeOffset? ChallengedFor { get; init; }

    public bool IsExpired(DateTimeOffset now) => ExpirationDateTime <= now;

    /// <summary>The JSON Graph answers with (subscription entity, v1.0).</summary>
    public object ToGraph() => new Dictionary<string, object?>
    {
        ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity",
        ["id"] = Id,
        ["resource"] = Resource,
        ["applicationId"] = ApplicationId,
        ["changeType"] = ChangeType,
        ["clientState"] = ClientState,
        ["notificationUrl"] = NotificationUrl,
        ["notificationQueryOptions"] = null,
        ["lifecycleNotificationUrl"] = LifecycleNotificationUrl,
        ["expirationDateTime"] = ExpirationDateTime,
        ["creatorId"] = CreatorId,
        ["includeResourceData"] = null,
        ["latestSupportedTlsVersion"] = "v1_2",
        ["encryptionCertificate"] = null,
        ["encryptionCertificateId"] = null,
        ["notificationUrlAppId"] = null,
    };
}

/// <summary>One renewal: when it happened, the expiry it replaced and the new one.</summary>
public sealed record SubscriptionRenewal(DateTimeOffset At, DateTimeOffset PreviousExpirationDateTime, DateTimeOffset ExpirationDateTime);
