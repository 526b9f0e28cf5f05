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

    /// <summary>How long a notification endpoint has to acknowledge a delivery (Graph: 3 s).</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The tenant that notifications report in tenantId until tenants are modelled.</summary>
    public string TenantId { get; set; } = "00000000-0000-0000-0000-0000000000a1";

    /// <summary>The signed-in user that "me" stands for until identities are modelled.</summary>
    public string MeUserId { get; set; } = "00000000-0000-0000-0000-0000000000b1";
}
