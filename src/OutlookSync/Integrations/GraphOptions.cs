namespace OutlookSync.Integrations;

/// <summary>Where Graph and the identity platform are. Defaults are Microsoft's; tests and the demo point at the simulator.</summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    public Uri BaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");

    public Uri AuthorityHost { get; set; } = new("https://login.microsoftonline.com/");

    /// <summary>Graph's longest subscription life for Outlook events, in minutes (4230 historically).</summary>
    public int MaxSubscriptionMinutes { get; set; } = 4230;

    /// <summary>
    /// A PEM certificate to trust in addition to the system's, for Graph and login calls only: the local
    /// simulator's self-signed one. Leave empty against Microsoft 365.
    /// </summary>
    public string? ExtraTrustedCertificatePath { get; set; }

    /// <summary>The public base URL Graph reaches this service on (for the webhook and the consent redirect).</summary>
    public Uri? PublicBaseUrl { get; set; }
}
