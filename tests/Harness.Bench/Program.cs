using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GraphSimulator.Subscriptions;
using GraphSimulator.Tenants;
using Harness.Bench;
using Harness.Testing.Apps;
using Harness.Testing.RabbitMq;
using Harness.Testing.Waiting;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

if (args.Contains("--micro"))
{
    // BenchmarkDotNet for the per-request CPU paths; the rest of the bench measures the service end to end.
    BenchmarkDotNet.Running.BenchmarkRunner.Run<MicroBenchmarks>();
    return 0;
}

// ./harness bench: each figure of the service beside a baseline measured in the same run, on real time, with a
// private broker and the simulator answering at once (no simulated latency). Prints, and returns 0.
var roomCount = Option("--rooms", 100);
var seconds = Option("--seconds", 3);
var rates = new[] { 100, 500, 1000, 2000 };
var postgres = args.Contains("--postgres");
Console.WriteLine($"Bench: {Environment.ProcessorCount} cores, {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1e9)} GB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, " +
    $"{(Debugger.IsAttached ? "debugger attached, " : "")}{(typeof(Program).Assembly.GetCustomAttributes(false).OfType<DebuggableAttribute>().Any(d => d.IsJITOptimizerDisabled) ? "Debug build (figures are pessimistic)" : "Release build")}");

var repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_GRAPHSIMULATOR", Path.Combine(repository, "simulator", "GraphSimulator"));
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_OUTLOOKSYNC", Path.Combine(repository, "src", "OutlookSync"));
var quiet = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" };

var broker = await RabbitMqBroker.SharedAsync();
Console.WriteLine($"Broker: {broker.Description}");
await using var simulator = new SimulatorApp(TimeProvider.System, new Dictionary<string, string?>(quiet)
{
    ["Simulator:RoomAnswerDelay"] = "00:00:00",
    ["Simulator:NotificationLatency"] = "00:00:00",
});
var domain = "bench.onmicrosoft.com";
var rooms = Enumerable.Range(1, roomCount).Select(i => $"room{i:000}@{domain}").ToList();
var tenant = await simulator.SeedAsync(new TenantSeed(null, domain, "Bench", [new UserSeed(null, $"organizer@{domain}", "Organizer")],
    rooms.Select(r => new RoomSeed(null, r, r)).ToList(), [new GroupSeed(null, "Rooms", $"rooms@{domain}", rooms)],
    [new AppSeed(null, "Bench app", false, [new SecretSeed("bench-secret")], null, null, ["Calendars.ReadWrite"], true)],
    [new AccessPolicySeed("Bench app", $"rooms@{domain}", "RestrictAccess")]));
using var control = simulator.CreateHttpClient();

// ---- The service on RabbitMQ: a web node and a worker node, as deployed.
var vhost = await broker.CreateVirtualHostAsync();
var data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bench-" + Guid.NewGuid().ToString("N"))).FullName;
// Subscriptions live 45 hours (less than the cron's 2-day renewal horizon), so one cron run renews every one of them.
var nodeSettings = new Dictionary<string, string?>(quiet) { ["RabbitMq:Prefetch"] = "16", ["Graph:MaxSubscriptionMinutes"] = "2700" };
// --postgres: the nodes share a database on the test fixture's PostgreSQL instead of a SQLite file.
var database = postgres ? await (await Harness.Testing.Databases.PostgreSqlServer.SharedAsync()).CreateDatabaseAsync() : null;
Console.WriteLine($"Store: {(database is null ? "SQLite file" : "PostgreSQL")}");
var web = new SyncServiceApp(TimeProvider.System, new SyncServiceSettings(vhost.AmqpUrl, "web", data, simulator, SyncServiceApp.FreePort(), nodeSettings, Database: database));
var worker = StartWorker();

Heading($"Activation of {roomCount} rooms (one subscription each, with Graph's validation handshake)");
var appGraph = simulator.CreateAppOnlyGraphClient(tenant.Id, tenant.Apps[0].AppId, "bench-secret");
// Baseline: the same Graph calls straight through the SDK, 4 at a time (as the workers' concurrency), create then delete.
var bareRooms = rooms.Take(Math.Min(roomCount, 1000)).ToList();
var webhookUrl = web.WebhookUrl.ToString(); // starts the web node, once
var bare = Stopwatch.StartNew();
await Parallel.ForEachAsync(bareRooms, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (room, ct) =>
{
    var created = await appGraph.Subscriptions.PostAsync(new Microsoft.Graph.Models.Subscription
    {
        ChangeType = "created,updated,deleted", NotificationUrl = webhookUrl, Resource = $"users/{room}/events",
        ExpirationDateTime = DateTimeOffset.UtcNow.AddDays(2), ClientState = "bench",
    }, cancellationToken: ct);
    await appGraph.Subscriptions[created!.Id].DeleteAsync(cancellationToken: ct);
});
var barePerRoom = bare.Elapsed / bareRooms.Count;
var seeding = Stopwatch.StartNew();
var (integration, objects) = await web.MapRoomsAsync("Bench", tenant.Id, tenant.Apps[0].AppId, "bench-secret", rooms);

Row("objects and mappings", $"{roomCount} of each added through the admin API in {seeding.Elapsed.TotalSeconds:0.0} s ({seeding.Elapsed.TotalMilliseconds / (2 * roomCount):0.0} ms per call)", "(the mapping checks the room at Graph)");
var activation = Stopwatch.StartNew();
await web.AdminPostAsync<JsonElement>($"api/admin/integrations/{integration}/activate", new { });
var answered = activation.Elapsed;
await Eventually.UntilAsync<object>(async () => (await ActivationAsync()).Contains("All ", StringComparison.Ordinal) ? true : null, "every calendar to be subscribed", TimeSpan.FromMinutes(15));
var subscribed = activation.Elapsed;
await SettleAsync([web, worker]);
Row("activation", $"answered in {answered.TotalMilliseconds:0} ms; all subscribed after {subscribed.TotalSeconds:0.00} s ({subscribed.TotalMilliseconds / roomCount:0.0} ms per room), first syncs done after {activation.Elapsed.TotalSeconds:0.00} s",
    $"bare SDK create+delete, 4 at a time: {barePerRoom.TotalMilliseconds:0.0} ms per room ({bareRooms.Count} rooms)");

var (statusTook, diagnosticsTook, diagnosticsBytes, settingsTook) = await OperatorViewsAsync();
Row("status and screens", $"GET /api/admin/status {statusTook.TotalMilliseconds:0} ms; diagnostics screen {diagnosticsTook.TotalMilliseconds:0} ms ({diagnosticsBytes / 1024} KB); settings screen {settingsTook.TotalMilliseconds:0} ms",
    $"(each lists all {roomCount} calendars)");

Heading($"Renewal of {roomCount} subscriptions (one cron run; each expires within the 2-day horizon)");
var renewalsBefore = (await worker.StatusAsync()).GetProperty("thisNode").GetProperty("renewals").GetInt64();
var cronRun = Stopwatch.StartNew();
using (var admin = web.CreateAdminClient())
{
    (await admin.PostAsync("api/admin/cron/run", null)).EnsureSuccessStatusCode();
}

var cronAnswered = cronRun.Elapsed;
await Eventually.UntilAsync<object>(async () => (await worker.StatusAsync()).GetProperty("thisNode").GetProperty("renewals").GetInt64() - renewalsBefore >= roomCount ? true : null, "every subscription to be renewed", TimeSpan.FromMinutes(15));
var renewed = cronRun.Elapsed;
var renewedTwice = simulator.Services.GetRequiredService<SubscriptionStore>().All().Count(s => s.Renewals.Count > 1);
var bareRenew = Stopwatch.StartNew();
var toPatch = simulator.Services.GetRequiredService<SubscriptionStore>().All().Take(bareRooms.Count).Select(s => s.Id).ToList();
await Parallel.ForEachAsync(toPatch, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, ct) =>
    await appGraph.Subscriptions[id].PatchAsync(new Microsoft.Graph.Models.Subscription { ExpirationDateTime = DateTimeOffset.UtcNow.AddMinutes(2700) }, cancellationToken: ct));
Row("renewal", $"cron run answered in {cronAnswered.TotalMilliseconds:0} ms; all renewed after {renewed.TotalSeconds:0.00} s; {renewedTwice} renewed more than once",
    $"bare SDK PATCH, 4 at a time: {bareRenew.Elapsed.TotalMilliseconds / toPatch.Count:0.0} ms per subscription");

// The web node alone while Graph posts (as on its own machine): jobs wait on the queue for the worker started after.
await worker.DisposeAsync();
Heading("Webhook acknowledgement, web node alone, open loop (latency from each notification's scheduled send)");
var subscriptions = simulator.Services.GetRequiredService<SubscriptionStore>().All().Where(s => s.ClientState is not null && s.ClientState != "bench").ToList();
using var webhook = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 });
var sequence = 0;
await using var bareConnection = await new ConnectionFactory { Uri = vhost.AmqpUrl }.CreateConnectionAsync();
await using var bareChannel = await bareConnection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
await bareChannel.QueueDeclareAsync("bench-baseline", durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
await using var barePublisher = await BarePublishEndpoint.StartAsync(bareChannel, "bench-baseline");
using var bareHttp = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 });
foreach (var rate in rates)
{
    var count = rate * seconds;
    var service = await OpenLoop.RunAsync(rate, count, _ => PostNotificationAsync(webhook, web.WebhookUrl));
    var baseline = await OpenLoop.RunAsync(rate, count, async i =>
        await bareChannel.BasicPublishAsync("", "bench-baseline", true, new BasicProperties { Persistent = true }, Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")));
    var overHttp = await OpenLoop.RunAsync(rate, count, _ => PostNotificationAsync(bareHttp, new Uri(barePublisher.Address, "/hook")));
    Row($"{rate,5}/s × {seconds} s", service.ToString(), $"bare confirmed publish: {baseline}\n  {"",-32}           the same behind a bare HTTP endpoint: {overHttp}");
    await Eventually.UntilAsync<object>(async () => await web.OutboxCountAsync() == 0 ? true : null, "the outbox to reach the queue", TimeSpan.FromMinutes(2));
}

await bareChannel.QueuePurgeAsync("bench-baseline");

Heading("Draining what the webhook queued (one worker node)");
var queued = (await vhost.InspectQueueAsync(OutlookSync.Queueing.QueueNames.Inbound)).Messages;
var drain = Stopwatch.StartNew();
worker = StartWorker();
await SettleAsync([web, worker]);
var (drainSyncs, drainCovered) = await SyncsAsync(worker);
var consumers = worker.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OutlookSync.Queueing.RabbitMq.RabbitMqOptions>>().Value.Concurrency;
Row($"{queued} jobs", $"{drain.Elapsed.TotalSeconds:0.00} s, {queued / drain.Elapsed.TotalSeconds:0} jobs/s with {consumers} consumers (including the node's start)",
    $"{drainSyncs} delta rounds for {roomCount} rooms, {drainCovered} jobs covered by a later sync");

var burstRooms = rooms.Take(100).ToList();
Heading($"Burst: {burstRooms.Count} rooms × 10 changes each in Outlook at once");
var before = await SyncsAsync(worker);
var bookingsBefore = await BookingsAsync();
var machineBefore = MachineBusy();
var burst = Stopwatch.StartNew();
var deliveries = simulator.Services.GetRequiredService<GraphSimulator.Notifications.DeliveryLog>();
var postsBefore = deliveries.Attempts.Count;
var start = DateTime.UtcNow.Date.AddDays(2).AddHours(8);
await Task.WhenAll(burstRooms.Select(async (room, r) =>
{
    for (var i = 0; i < 10; i++)
    {
        (await control.PostAsJsonAsync($"control/mailboxes/organizer@{domain}/meetings", new
        {
            subject = $"Burst {r}-{i}",
            start = Time(start.AddMinutes(30 * i)),
            end = Time(start.AddMinutes(30 * i + 15)),
            attendees = new[] { new { type = "resource", emailAddress = new { address = room } } },
        })).EnsureSuccessStatusCode();
    }
}));
var changed = burst.Elapsed;
await Eventually.UntilAsync<object>(async () => await BookingsAsync() >= bookingsBefore + burstRooms.Count * 10 ? true : null, "every burst meeting to become a booking", TimeSpan.FromMinutes(5));
var drained = burst.Elapsed;
// Jobs that wait for their room's next round (Sync:MinRoundInterval) are part of the burst's cost.
await Eventually.UntilAsync<object>(async () => (await web.GraphRetryWaitsAsync()).Count == 0 ? true : null, "the rooms' spaced syncs to run", TimeSpan.FromMinutes(1));
await SettleAsync([web, worker]);
var allAnswered = burst.Elapsed; // every notification posted, queued and answered: the burst's whole cost
var burstCpu = MachineBusy() - machineBefore;
var (syncs, covered) = await SyncsAsync(worker);
var spaced = (await worker.StatusAsync()).GetProperty("thisNode").GetProperty("syncsSpaced").GetInt64();
Row("changes → bookings", $"{drained.TotalSeconds:0.00} s for {burstRooms.Count * 10} bookings, every notification answered after {allAnswered.TotalSeconds:0.00} s ({changed.TotalSeconds:0.00} s to make the changes; {deliveries.Attempts.Count - postsBefore} webhook POSTs; {burstCpu:0.0} CPU-s)",
    $"{(double)(syncs - before.Syncs) / burstRooms.Count:0.0} delta rounds per room ({covered - before.Covered} jobs answered without reading Graph; {spaced} waited for their room's next round)");

// Change → booking through RabbitMQ is measured here, before the deactivation, and printed beside its baseline below.
var throughRabbit = await ChangeToBookingAsync(30, inDays: 3);

Heading($"Deactivation of {roomCount} rooms (every subscription deleted at Graph)");
var deactivation = Stopwatch.StartNew();
await web.AdminPostAsync<JsonElement>($"api/admin/integrations/{integration}/deactivate", new { });
var deactivationAnswered = deactivation.Elapsed;
await Eventually.UntilAsync<object>(async () => await ActivationAsync() == "Inactive." ? true : null, "every subscription to be deleted", TimeSpan.FromMinutes(15));
var leftAtGraph = simulator.Services.GetRequiredService<SubscriptionStore>().All().Count(s => s.ClientState is not null && s.ClientState != "bench");
Row("deactivation", $"answered in {deactivationAnswered.TotalMilliseconds:0} ms; all deleted after {deactivation.Elapsed.TotalSeconds:0.00} s; {leftAtGraph} left at Graph",
    $"bare SDK create+delete, 4 at a time: {barePerRoom.TotalMilliseconds:0.0} ms per room");
await worker.DisposeAsync();
await web.DisposeAsync();
await vhost.DisposeAsync();
var inProcessData = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bench-" + Guid.NewGuid().ToString("N"))).FullName;
web = new SyncServiceApp(TimeProvider.System, new SyncServiceSettings(null, "web,worker", inProcessData, simulator, SyncServiceApp.FreePort(), quiet));
integration = await ActivateRoomsAsync(web, 30);
await SettleAsync([web]);
var inProcess = await ChangeToBookingAsync(30, inDays: 4);
Heading("Change → booking, one meeting at a time (30 meetings)");
Row("through RabbitMQ", throughRabbit.ToString(), $"in-process queue: {inProcess}");

Heading("Memory");
Row("working set of this process", $"{Process.GetCurrentProcess().WorkingSet64 / 1e6:0} MB", "(simulator, two service nodes and the load generator share it)");

await web.DisposeAsync();
await RabbitMqBroker.StopSharedAsync();
if (database is not null)
{
    await database.DisposeAsync();
    await Harness.Testing.Databases.PostgreSqlServer.StopSharedAsync();
}

Directory.Delete(data, recursive: true);
Directory.Delete(inProcessData, recursive: true);
return 0;

// Each change in a room that has been quiet for longer than Sync:MinRoundInterval (one second), as a lone change is:
// a room's syncs are spaced by that interval, so back-to-back changes in one room would measure the spacing.
async Task<Latencies> ChangeToBookingAsync(int count, int inDays)
{
    var latencies = new double[count];
    await Task.Delay(TimeSpan.FromSeconds(1));
    for (var i = 0; i < count; i++)
    {
        var room = rooms[i % Math.Min(rooms.Count, count)];
        var known = await BookingsAsync(objects.GetValueOrDefault(room));
        // A free slot each time: a room declines a meeting that clashes with one it accepted.
        var at = DateTime.UtcNow.Date.AddDays(inDays).AddMinutes(20 * i);
        var clock = Stopwatch.StartNew();
        (await control.PostAsJsonAsync($"control/mailboxes/organizer@{domain}/meetings", new
        {
            subject = $"Single {i}",
            start = Time(at),
            end = Time(at.AddMinutes(15)),
            attendees = new[] { new { type = "resource", emailAddress = new { address = room } } },
        })).EnsureSuccessStatusCode();
        await Eventually.UntilAsync<object>(async () => await BookingsAsync(objects.GetValueOrDefault(room)) > known ? true : null, "the meeting to become a booking");
        latencies[i] = clock.Elapsed.TotalMilliseconds;
    }

    return new Latencies(latencies, 0);
}

// One of Graph's notification POSTs, for the next subscription in turn; anything but 202 stops the bench.
async Task PostNotificationAsync(HttpClient client, Uri url)
{
    var subscription = subscriptions[Interlocked.Increment(ref sequence) % subscriptions.Count];
    using var response = await client.PostAsync(url, Notification(subscription, Interlocked.Increment(ref sequence)));
    if ((int)response.StatusCode != 202)
    {
        throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
    }
}

async Task<int> ActivateRoomsAsync(SyncServiceApp node, int count)
{
    (var id, objects) = await node.MapRoomsAsync("Bench", tenant.Id, tenant.Apps[0].AppId, "bench-secret", rooms.Take(count));
    await node.AdminPostAsync<JsonElement>($"api/admin/integrations/{id}/activate", new { });
    return id;
}

async Task<int> BookingsAsync(int objectId = 0)
{
    using var admin = web.CreateAdminClient();
    var bookings = await admin.GetFromJsonAsync<JsonElement>(objectId == 0 ? "api/admin/bookings" : $"api/admin/bookings?objectId={objectId}");
    return bookings.GetArrayLength();
}

// A worker node of the deployment: the web node's public address, the same database and broker.
SyncServiceApp StartWorker()
{
    var node = new SyncServiceApp(TimeProvider.System, new SyncServiceSettings(vhost.AmqpUrl, "worker", data, simulator, Extra: new Dictionary<string, string?>(nodeSettings) { ["Graph:PublicBaseUrl"] = web.PublicBaseUrl.ToString() }, Database: database));
    _ = node.BaseAddress;
    return node;
}

// What an operator opens, timed: the status API, and the diagnostics and settings screens after signing in.
async Task<(TimeSpan Status, TimeSpan Diagnostics, int DiagnosticsBytes, TimeSpan Settings)> OperatorViewsAsync()
{
    await using (var scope = web.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<OutlookSync.Operators.OperatorAccounts>().SetAsync("bench", "bench-operator-password", CancellationToken.None);
    }

    var status = Stopwatch.StartNew();
    await web.StatusAsync();
    var statusTook = status.Elapsed;
    using var operatorClient = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = web.BaseAddress };
    var form = await operatorClient.GetStringAsync("signin");
    var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    var signedIn = await operatorClient.PostAsync("signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["Name"] = "bench", ["Password"] = "bench-operator-password", ["__RequestVerificationToken"] = token }));
    if ((int)signedIn.StatusCode != 302)
    {
        throw new InvalidOperationException($"Signing in answered {(int)signedIn.StatusCode}");
    }

    var diagnostics = Stopwatch.StartNew();
    var page = await operatorClient.GetByteArrayAsync("diagnostics");
    var diagnosticsTook = diagnostics.Elapsed;
    var settings = Stopwatch.StartNew();
    await operatorClient.GetByteArrayAsync($"integrations/{integration}/settings");
    return (statusTook, diagnosticsTook, page.Length, settings.Elapsed);
}

async Task<string> ActivationAsync() =>
    (await web.StatusAsync()).GetProperty("activations").EnumerateArray().First(a => a.GetProperty("integrationId").GetInt32() == integration).GetProperty("message").GetString()!;

async Task<(long Syncs, long Covered)> SyncsAsync(SyncServiceApp node)
{
    var totals = (await node.StatusAsync()).GetProperty("thisNode");
    return (totals.GetProperty("syncs").GetInt64(), totals.GetProperty("syncsCovered").GetInt64());
}

Task SettleAsync(IReadOnlyList<SyncServiceApp> nodes) => Settling.ServiceAsync(simulator, nodes, TimeProvider.System, clockMoved: false, TimeSpan.FromMinutes(5));

static StringContent Notification(Subscription subscription, int n)
{
    var id = $"bench-event-{n}";
    var body = JsonSerializer.Serialize(new
    {
        value = new[]
        {
            new Dictionary<string, object?>
            {
                ["subscriptionId"] = subscription.Id,
                ["clientState"] = subscription.ClientState,
                ["changeType"] = "updated",
                ["resource"] = $"Users/{subscription.MailboxId}/Events/{id}",
                ["subscriptionExpirationDateTime"] = subscription.ExpirationDateTime,
                ["tenantId"] = subscription.TenantId,
                ["resourceData"] = new Dictionary<string, object?> { ["@odata.type"] = "#Microsoft.Graph.Event", ["@odata.etag"] = $"W/\"{n}\"", ["id"] = id },
            },
        },
    });
    return new StringContent(body, Encoding.UTF8, "application/json");
}

static object Time(DateTime at) => new { dateTime = at.ToString("s", System.Globalization.CultureInfo.InvariantCulture), timeZone = "UTC" };

// CPU-seconds the whole machine has been busy (user, nice, system, irq, softirq, steal): the broker's share included.
static double MachineBusy()
{
    var f = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
    return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / 100.0;
}

static void Heading(string text) => Console.WriteLine($"\n{text}");

static void Row(string what, string figure, string baseline) => Console.WriteLine($"  {what,-32} {figure}\n  {"",-32} baseline: {baseline}");

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
}
