using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OutlookSync.Integrations;
using OutlookSync.Sync;
using OutlookSync.Webhooks;

namespace Harness.Testing.Apps;

/// <summary>
/// The sync service with the given roles ("web", "worker"), queue, database folder, and Graph pointed at
/// a simulator (its certificate trusted by the service's named HTTP clients only).
/// </summary>
public sealed class SyncServiceApp(TimeProvider time, SyncServiceSettings settings)
    : HostedApp<OutlookSync.Program>(new ThreadPoolTimers(time), settings.ToConfiguration(), port: settings.Port, environment: settings.Environment, httpsPort: settings.PublicHttpsPort)
{
    public const string AdminApiKey = "test-admin-key";

    public Uri WebhookUrl => new(BaseAddress, OutlookWebhookEndpoint.Path.TrimStart('/'));

    /// <summary>The address Graph and Entra ID are told (Graph:PublicBaseUrl): the http loopback address, or the production-like https host.</summary>
    public Uri PublicBaseUrl => new(settings.ToConfiguration()["Graph:PublicBaseUrl"] ?? BaseAddress.ToString());

    public InboundJournal Journal => Services.GetRequiredService<InboundJournal>();

    /// <summary>
    /// Until when (the shared clock) Graph's Retry-After holds work up right now: calls of this node waiting in
    /// place, and throttled jobs waiting in the (shared) outbox.
    /// </summary>
    public async Task<IReadOnlyList<DateTimeOffset>> GraphRetryWaitsAsync() =>
        [.. Services.GetRequiredService<OutlookSync.Integrations.GraphRetryWaits>().Until, .. await DeferredJobsAsync()];

    /// <summary>
    /// When the cron has renewal work next (the shared database): each subscription's moment to be renewed (2 days
    /// before it expires), and now for a calendar of an active integration that has no subscription.
    /// </summary>
    public async Task<IReadOnlyList<DateTimeOffset>> CronWorkDueAsync()
    {
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutlookSync.Storage.SyncDbContext>();
        var expiries = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(System.Linq.Queryable.Select(db.Subscriptions, s => s.ExpiresAt));
        var unsubscribed = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
            db.Mappings, m => db.Integrations.Any(i => i.Id == m.IntegrationId && i.Active) && !db.Subscriptions.Any(s => s.MappingId == m.Id));
        return [.. expiries.Select(e => e - OutlookSync.Scheduling.ExecuteIntegrations.RenewWithin), .. unsubscribed ? [now] : Array.Empty<DateTimeOffset>()];
    }

    /// <summary>
    /// When the jobs that wait in the (shared) outbox for a later moment on the shared clock fall due: jobs Graph
    /// throttled, and jobs waiting for their calendar's next read (Sync:MinRoundInterval).
    /// </summary>
    public async Task<IReadOnlyList<DateTimeOffset>> DeferredJobsAsync()
    {
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var scope = Services.CreateAsyncScope();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            System.Linq.Queryable.Select(System.Linq.Queryable.Where(scope.ServiceProvider.GetRequiredService<OutlookSync.Storage.SyncDbContext>().Outbox, m => m.AvailableAt > now), m => m.AvailableAt!.Value));
    }

    /// <summary>This node consumes every queue right now (its workers are attached to the broker).</summary>
    public bool ConsumersRunning =>
        Services.GetRequiredService<OutlookSync.Queueing.ConsumerRegistry>().Snapshot() is { } consumers
        && OutlookSync.Queueing.QueueNames.All.All(q => consumers.Any(c => c.Queue == q && c.Running));

    /// <summary>Jobs of a queue this node is handling right now.</summary>
    public int InFlight(string queue) => Services.GetRequiredService<OutlookSync.Queueing.WorkTracker>().InFlight(queue);

    /// <summary>
    /// The node dies the way a killed process does: its broker connection drops at once (its unacknowledged
    /// jobs go back to the queue for the other workers), and nothing it was doing completes.
    /// </summary>
    public async Task KillAsync()
    {
        if (Services.GetService<OutlookSync.Queueing.RabbitMq.RabbitMqConnectionProvider>() is { } broker)
        {
            await broker.AbortAsync();
        }

        await DisposeAsync();
    }

    public bool RunsWorkers => settings.Roles.Contains("worker", StringComparison.Ordinal);

    public bool RunsWeb => settings.Roles.Contains("web", StringComparison.Ordinal);

    /// <summary>Notifications this node's webhook accepted and queued.</summary>
    public long NotificationsQueued => Services.GetRequiredService<WebhookCounters>().AcceptedCount;

    public bool RunsCron => settings.Roles.Contains("cron", StringComparison.Ordinal);

    /// <summary>When ExecuteIntegrations last ran (heartbeat in the shared database), or never.</summary>
    public async Task<DateTimeOffset> LastCronRunAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutlookSync.Storage.SyncDbContext>();
        return (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(System.Linq.Queryable.OrderBy(db.CronHeartbeats, h => h.Id)))?.LastRunAt ?? DateTimeOffset.MinValue;
    }

    /// <summary>
    /// Jobs committed to the outbox (of every node: they share the database) and not yet in the queue; jobs that wait
    /// for Graph's Retry-After on the shared clock are not counted (they wait for the clock, not for the service).
    /// </summary>
    public async Task<int> OutboxCountAsync()
    {
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var scope = Services.CreateAsyncScope();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            scope.ServiceProvider.GetRequiredService<OutlookSync.Storage.SyncDbContext>().Outbox, m => m.AvailableAt == null || m.AvailableAt <= now);
    }

    /// <summary>A job waits in the outbox or a queue, or runs in this node.</summary>
    public async Task<bool> IsBusyAsync()
    {
        if (await OutboxCountAsync() > 0)
        {
            return true;
        }

        var queue = Services.GetRequiredService<OutlookSync.Queueing.IJobQueue>();
        var work = Services.GetRequiredService<OutlookSync.Queueing.WorkTracker>();
        foreach (var name in OutlookSync.Queueing.QueueNames.All)
        {
            if (work.InFlight(name) > 0 || (await queue.InspectAsync(name, CancellationToken.None)).Messages > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Through the admin API, as an operator's script would: an object per room, a mode B integration with the app's
    /// secret, and each room mapped to its object (not activated). The integration's id and the objects by room.
    /// </summary>
    public async Task<(int IntegrationId, Dictionary<string, int> Objects)> MapRoomsAsync(string name, string tenantId, string clientId, string clientSecret, IEnumerable<string> rooms)
    {
        var objects = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var room in rooms)
        {
            objects[room] = (await AdminPostAsync<System.Text.Json.JsonElement>("api/admin/objects", new { name = room })).GetProperty("id").GetInt32();
        }

        var integration = (await AdminPostAsync<System.Text.Json.JsonElement>("api/admin/integrations", new { name, mode = "Application", tenantId, clientId, clientSecret })).GetProperty("id").GetInt32();
        foreach (var (room, objectId) in objects)
        {
            await AdminPostAsync<System.Text.Json.JsonElement>($"api/admin/integrations/{integration}/mappings", new { mailbox = room, objectId });
        }

        return (integration, objects);
    }

    public HttpClient CreateAdminClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add(OutlookSync.Integrations.AdminApiKey.Header, AdminApiKey);
        return client;
    }

    /// <summary>GET /api/admin/status of this node: queues, calendars, webhook tallies, this node's totals, the nodes.</summary>
    public async Task<System.Text.Json.JsonElement> StatusAsync()
    {
        using var admin = CreateAdminClient();
        return await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("api/admin/status");
    }

    public async Task<T> AdminPostAsync<T>(string path, object body)
    {
        using var admin = CreateAdminClient();
        var response = await admin.PostAsJsonAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddHttpClient(GraphClients.GraphHttpClient).ConfigurePrimaryHttpMessageHandler(SimulatorApp.CreateTrustingHandler);
            services.AddHttpClient(GraphClients.IdentityHttpClient).ConfigurePrimaryHttpMessageHandler(SimulatorApp.CreateTrustingHandler);
        });
    }
}

/// <summary>Everything a service node needs to know; nodes of one deployment share DataFolder (keys) and the database (a SQLite file in DataFolder unless Database says otherwise).</summary>
/// <param name="PublicHttpsPort">Non-zero: the service also serves https on this loopback port, and its public base URL is https://<see cref="PublicHost.Name"/>:port/ (production-like).</param>
public sealed record SyncServiceSettings(Uri? RabbitMqUrl, string Roles, string DataFolder, SimulatorApp? Simulator = null, int Port = 0, IReadOnlyDictionary<string, string?>? Extra = null, string Environment = "Testing", int PublicHttpsPort = 0, Databases.TestDatabase? Database = null)
{
    public Dictionary<string, string?> ToConfiguration()
    {
        var database = Database ?? Databases.TestDatabase.Sqlite(DataFolder);
        var settings = new Dictionary<string, string?>
        {
            ["RabbitMq:Url"] = RabbitMqUrl?.ToString() ?? "",
            ["Service:Roles"] = Roles,
            ["Storage:Provider"] = database.Provider,
            ["Storage:ConnectionString"] = database.ConnectionString,
            ["Storage:DataProtectionKeysPath"] = Path.Combine(DataFolder, "keys"),
            ["Admin:ApiKey"] = SyncServiceApp.AdminApiKey,
            // One job at a time per worker, so "nothing waiting and nothing running" really means idle.
            ["RabbitMq:Prefetch"] = "1",
        };
        if (PublicHttpsPort != 0)
        {
            settings["Graph:PublicBaseUrl"] = $"https://{PublicHost.Name}:{PublicHttpsPort}/";
        }
        else if (Port != 0)
        {
            settings["Graph:PublicBaseUrl"] = $"http://127.0.0.1:{Port}/";
        }

        if (Simulator is not null)
        {
            settings["Graph:BaseUrl"] = Simulator.GraphBaseUrl.ToString();
            settings["Graph:AuthorityHost"] = Simulator.BaseAddress.ToString();
        }

        foreach (var (key, value) in Extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
