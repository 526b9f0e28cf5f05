using Microsoft.Extensions.DependencyInjection;
using OutlookSync.Sync;
using OutlookSync.Webhooks;

namespace Harness.Testing.Apps;

/// <summary>The sync service with the given roles ("web", "worker") and queue settings.</summary>
public sealed class SyncServiceApp(TimeProvider time, IReadOnlyDictionary<string, string?> settings)
    : HostedApp<OutlookSync.Program>(time, settings)
{
    public Uri WebhookUrl => new(BaseAddress, OutlookWebhookEndpoint.Path.TrimStart('/'));

    public InboundJournal Journal => Services.GetRequiredService<InboundJournal>();

    public static Dictionary<string, string?> Settings(Uri? rabbitMqUrl, string roles) => new()
    {
        ["RabbitMq:Url"] = rabbitMqUrl?.ToString() ?? "",
        ["Service:Roles"] = roles,
    };
}
