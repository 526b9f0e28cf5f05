using OutlookSync.Integrations;

namespace OutlookSync.Pages.Integrations;

/// <summary>The values the auth fields show, and their errors.</summary>
public sealed record AuthFieldsView(IntegrationFields Fields, DateTimeOffset? SecretSetAt, Func<string, string?> Error);
