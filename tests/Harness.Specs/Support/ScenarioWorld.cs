using GraphSimulator.Notifications;
using Harness.Testing.Apps;
using Harness.Testing.Databases;
using Harness.Testing.RabbitMq;
using Harness.Testing.Waiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace Harness.Specs.Support;

/// <summary>
/// Everything one scenario runs against: one simulated clock shared by the simulator and every service
/// node, a virtual host of its own on the real broker, a database of its own, and the apps on real loopback sockets.
/// </summary>
public sealed class ScenarioWorld : IAsyncDisposable
{
    private SimulatorApp? _simulator;
    private GraphServiceClient? _graph;
    private DemoTenantClients? _tenant;
    private GraphServiceClient? _appGraph;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));

    public SimulatorApp Simulator => _simulator ??= new SimulatorApp(Clock);

    /// <summary>The tenants' administrator (Entra portal, Exchange PowerShell) through the simulator's control API.</summary>
    public TenantAdministrator Administrator => new(Simulator);

    /// <summary>The app registration the administrator made in this scenario (its tenant, client ID and secret), if any.</summary>
    public RegisteredApp? App { get; set; }

    /// <summary>The demo tenant, seeded into this scenario's simulator on first use.</summary>
    public async Task<DemoTenantClients> TenantAsync(params string[] extraRedirectUris) => _tenant ??= await DemoTenantClients.SeedAsync(Simulator, extraRedirectUris);

    /// <summary>Graph as the signed-in service account (mode A), through the official SDK and MSAL.</summary>
    public async Task<GraphServiceClient> GraphAsync() => _graph ??= await (await TenantAsync()).SignedInAsync();

    /// <summary>Graph as the app itself (mode B, client credentials through Azure.Identity).</summary>
    public async Task<GraphServiceClient> AppGraphAsync() => _appGraph ??= (await TenantAsync()).AppOnly();

    /// <summary>A time of day in the steps ("14:00") means tomorrow at that time, UTC, on the shared clock.</summary>
    public DateTimeOffset Tomorrow(string time) => InDays(1, time);

    /// <summary>That time of day (UTC) so many days from today on the shared clock.</summary>
    public DateTimeOffset InDays(int days, string time) =>
        new DateTimeOffset(Clock.GetUtcNow().Date.AddDays(days), TimeSpan.Zero).Add(TimeSpan.Parse(time, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A room or user of the demo tenant by the part before the @.</summary>
    public static string Mailbox(string name) => $"{name}@{GraphSimulator.Tenants.DemoTenant.Domain}";

    /// <summary>Waits until the service and the simulator are idle at the current simulated time (see <see cref="Settling"/>).</summary>
    public Task SettleServiceAsync(bool clockMoved = false) => Settling.ServiceAsync(Simulator, ServiceNodes, Clock, clockMoved);

    /// <summary>The earliest moment (shared clock) Graph's Retry-After holds work up on any node (a call waiting in place, or a deferred job); null when nothing waits.</summary>
    public async Task<DateTimeOffset?> EarliestGraphWaitAsync()
    {
        var waits = new List<DateTimeOffset>();
        foreach (var node in ServiceNodes)
        {
            waits.AddRange(await node.GraphRetryWaitsAsync());
        }

        return waits.Count == 0 ? null : waits.Min();
    }

    /// <summary>
    /// The earliest moment (shared clock) something falls due by itself: Graph expiring or challenging a subscription,
    /// the cron's next renewal (or a calendar without a subscription), a deferred job; past moments mean overdue work.
    /// </summary>
    public async Task<DateTimeOffset?> NextDueAsync()
    {
        List<DateTimeOffset> dues = [.. Simulator.EventsDue(), .. await Service.CronWorkDueAsync(), .. await Service.DeferredJobsAsync()];
        return dues.Count == 0 ? null : dues.Min();
    }

    /// <summary>Waits until the simulator has posted every notification that is due now.</summary>
    public Task SettleAsync() => Settling.SimulatorAsync(Simulator);

    /// <summary>Waits until the outbox relay has handed every committed job to the queue.</summary>
    public Task OutboxDrainedAsync() => Eventually.UntilAsync<object>(async () => await Service.OutboxCountAsync() == 0 ? true : null, "the outbox to hand every job to the queue");

    public VirtualHost? Broker { get; private set; }

    /// <summary>Service nodes in start order: the web node first, then extra workers.</summary>
    public List<SyncServiceApp> ServiceNodes { get; } = [];

    /// <summary>Every worker node consumes every queue (none is still connecting or reconnecting to the broker).</summary>
    public bool WorkersConsuming => ServiceNodes.All(n => !n.RunsWorkers || n.ConsumersRunning);

    /// <summary>The web node's status (GET /api/admin/status).</summary>
    public Task<System.Text.Json.JsonElement> StatusAsync() => Service.StatusAsync();

    public SyncServiceApp Service => ServiceNodes.FirstOrDefault() ?? throw new InvalidOperationException("No sync service was started in this scenario; add a 'Given the sync service is running' step.");

    public List<NotificationEndpointStub> Stubs { get; } = [];

    /// <summary>What the scenario started for its service nodes (a broker of its own): stopped after them.</summary>
    public List<IAsyncDisposable> DisposeAfterNodes { get; } = [];

    public Task<Subscription?>? PendingSubscription { get; set; }

    public Subscription? Subscription { get; set; }

    public DeliveryAttempt? LastDelivery { get; set; }

    public int IntegrationId { get; set; }

    public System.Text.Json.JsonElement? Activation { get; set; }

    /// <summary>Objects created in this scenario, by name.</summary>
    public Dictionary<string, int> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>The object each mapped mailbox syncs to, by the mailbox's address.</summary>
    public Dictionary<string, int> RoomObjects { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The last page a person saw in the service (e.g. the connect redirect).</summary>
    public HttpResponseMessage? LastPage { get; set; }

    /// <summary>The organizer's id of the meeting last booked in this scenario.</summary>
    public string? MeetingId { get; set; }

    /// <summary>Meetings booked in Outlook under a name the scenario refers back to.</summary>
    public Dictionary<string, OutlookMeeting> Meetings { get; } = new(StringComparer.Ordinal);

    /// <summary>The HTTP status of the last request a step made on its own (not through a page).</summary>
    public int? LastStatus { get; set; }

    /// <summary>The booking the last "a booking ... is made" step made in the booking system.</summary>
    public int? BookingId { get; set; }

    public async Task<VirtualHost> BrokerAsync()
    {
        if (Broker is null)
        {
            var broker = await RabbitMqBroker.SharedAsync();
            Broker = await broker.RentVirtualHostAsync();
        }

        return Broker;
    }

    /// <summary>Database and key ring shared by this scenario's service nodes, deleted afterwards.</summary>
    public string DataFolder { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "harness-" + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>The monitored mailbox for "e-mail on problems": a real SMTP server, started with the first node.</summary>
    public SmtpReceiver? Mail { get; private set; }

    /// <summary>The database this scenario's nodes share: the run's store (STORAGE), or PostgreSQL for a @postgresql scenario.</summary>
    public TestDatabase? Database { get; private set; }

    /// <summary>The scenario is tagged @postgresql: its nodes share a PostgreSQL database whatever the run's store.</summary>
    public bool RequiresPostgreSql { get; set; }

    /// <summary>Starts a service node; the first (web) node gets a fixed port so its public webhook URL is known up front.</summary>
    public async Task<SyncServiceApp> StartServiceNodeAsync(Uri? rabbitMqUrl, string roles, IReadOnlyDictionary<string, string?>? extra = null, bool productionAddress = false)
    {
        Database ??= await TestDatabase.CreateAsync(DataFolder, RequiresPostgreSql, migrated: true);
        var port = ServiceNodes.Count == 0 ? SyncServiceApp.FreePort() : 0;
        var httpsPort = productionAddress ? SyncServiceApp.FreePort() : 0;
        Mail ??= SmtpReceiver.Start();
        var settings = new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:StartTls"] = "false",
        };
        if (ServiceNodes.FirstOrDefault() is { } first)
        {
            // Every node of a deployment shares the public address: workers recreate subscriptions with it.
            settings["Graph:PublicBaseUrl"] = first.PublicBaseUrl.ToString();
        }

        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var node = new SyncServiceApp(Clock, new SyncServiceSettings(rabbitMqUrl, roles, DataFolder, Simulator, port, settings, PublicHttpsPort: httpsPort, Database: Database));
        ServiceNodes.Add(node);
        _ = node.BaseAddress;
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in ServiceNodes)
        {
            await node.DisposeAsync();
        }

        foreach (var stub in Stubs)
        {
            await stub.DisposeAsync();
        }

        foreach (var started in DisposeAfterNodes)
        {
            await started.DisposeAsync();
        }

        Mail?.Dispose();

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        if (Broker is not null)
        {
            await Broker.GiveBackAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left in the temp folder.
        }
    }
}

/// <summary>An app registration made in a scenario: where it lives, its client ID, and a secret (its id and value).</summary>
/// <summary>A meeting in Outlook as the scenario booked it: its organizer's copy, day and times.</summary>
public sealed record OutlookMeeting(string Organizer, string Id, DateTimeOffset Start, DateTimeOffset End);

public sealed record RegisteredApp(string TenantId, string AppId, string? SecretKeyId, string? SecretValue);
