using System.Net.Http.Json;
using System.Text.Json;
using GraphSimulator.Notifications;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Harness.Testing.Workload;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

// The soak: weeks of simulated time in minutes. Rooms get random meetings and weekly or daily series (created,
// moved, cancelled in Outlook), some notifications are dropped, and in the end every room's bookings must match
// its calendar.
var days = Option("--days", 30);
var roomCount = Option("--rooms", 12);
var seed = Option("--seed", 7);
var step = TimeSpan.FromMinutes(15);
var random = new Random(seed);
var domain = "soak.onmicrosoft.com";
var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 7, 0, 0, TimeSpan.Zero));

Console.WriteLine($"Soak: {days} simulated days, {roomCount} rooms, seed {seed}.");

// Outside a test project WebApplicationFactory cannot guess where the apps' folders are: tell it.
var repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../.."));
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_GRAPHSIMULATOR", Path.Combine(repository, "simulator", "GraphSimulator"));
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_OUTLOOKSYNC", Path.Combine(repository, "src", "OutlookSync"));
await using var simulator = new SimulatorApp(clock, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
var rooms = Enumerable.Range(1, roomCount).Select(i => $"room{i:00}@{domain}").ToList();
var users = Enumerable.Range(1, 5).Select(i => $"user{i}@{domain}").ToList();
var tenant = await simulator.SeedAsync(new TenantSeed(null, domain, "Soak", users.Select(u => new UserSeed(null, u, u)).ToList(),
    rooms.Select(r => new RoomSeed(null, r, r)).ToList(), [new GroupSeed(null, "Rooms", $"rooms@{domain}", rooms)],
    [new AppSeed(null, "Soak app", false, [new SecretSeed("soak-secret")], null, null, ["Calendars.ReadWrite"], true)],
    [new AccessPolicySeed("Soak app", $"rooms@{domain}", "RestrictAccess")]));
var data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "soak-" + Guid.NewGuid().ToString("N"))).FullName;
await using var service = new SyncServiceApp(clock, new SyncServiceSettings(null, "web,worker,cron", data, simulator, SyncServiceApp.FreePort(),
    new Dictionary<string, string?> { ["Cron:Interval"] = "00:15:00", ["Logging:LogLevel:Default"] = "Warning" }));
using var control = simulator.CreateHttpClient();

var (integration, objects) = await service.MapRoomsAsync("Soak", tenant.Id, tenant.Apps[0].AppId, "soak-secret", rooms);
await service.AdminPostAsync<JsonElement>($"api/admin/integrations/{integration}/activate", new { });
await SettleAsync(cronRan: false);

// People using Outlook; the activity records what each room's calendar holds.
var outlook = new OutlookActivity(control, rooms, users, clock, seed);
var dropsRequested = 0;
for (var i = 1; i <= days * (int)(TimeSpan.FromDays(1) / step); i++)
{
    clock.Advance(step);
    if (random.NextDouble() < 0.85)
    {
        await outlook.ChangeAsync();
    }

    if (random.NextDouble() < 0.05)
    {
        var drop = random.Next(1, 4);
        dropsRequested += drop;
        (await control.PutAsJsonAsync("control/deliveries/behaviour", new { mode = "drop", count = drop })).EnsureSuccessStatusCode();
    }

    await SettleAsync(cronRan: true);
    await outlook.ConfirmAsync();
    if (clock.GetUtcNow().TimeOfDay < step)
    {
        Console.WriteLine($"  day {(clock.GetUtcNow() - new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero)).Days,2}: {outlook.Meetings.Count} meetings in Outlook");
    }
}

// Let the polling fallback bring in what dropped notifications missed.
for (var i = 0; i < 3; i++)
{
    clock.Advance(step);
    await SettleAsync(cronRan: true);
}

ComparisonResult result;
using (var admin = service.CreateAdminClient())
{
    // The service keeps the sync window in step (from a day ago; 30 days ahead, moved on daily): occurrences of
    // series beyond it are not bookings yet.
    result = await BookingComparison.CompareAsync(admin, objects, outlook.Meetings, (clock.GetUtcNow().AddDays(-1), clock.GetUtcNow().AddDays(28)));
    var status = await admin.GetFromJsonAsync<JsonElement>("api/admin/status");
    var node = status.GetProperty("thisNode");
    var log = simulator.Services.GetRequiredService<DeliveryLog>().Attempts;
    Console.WriteLine();
    Console.WriteLine($"outlook:       {outlook.Tally}");
    Console.WriteLine($"renewals:      {node.GetProperty("renewals").GetInt64()} (recreations: {node.GetProperty("recreations").GetInt64()})");
    Console.WriteLine($"polls:         {node.GetProperty("pollsQueued").GetInt64()} (30-minute fallback)");
    Console.WriteLine($"syncs:         {node.GetProperty("syncs").GetInt64()} (after notifications, polls, renewals)");
    Console.WriteLine($"notifications: {log.Count(a => a.Outcome == "delivered")} delivered, {log.Count(a => a.Outcome.StartsWith("dropped", StringComparison.Ordinal))} dropped ({dropsRequested} drops requested)");
    Console.WriteLine($"bookings:      {result} ({node.GetProperty("bookingsCreated").GetInt64()} created, {node.GetProperty("bookingsUpdated").GetInt64()} updated, {node.GetProperty("bookingsCancelled").GetInt64()} cancelled)");
    Console.WriteLine($"changes lost:  {result.Lost + result.Duplicated}");
    foreach (var mismatch in result.Mismatches ?? [])
    {
        Console.WriteLine($"  {mismatch}");
    }
}

Directory.Delete(data, recursive: true);
return result.InStep ? 0 : 1;

Task SettleAsync(bool cronRan) => Settling.ServiceAsync(simulator, [service], clock, cronRan, TimeSpan.FromSeconds(60));

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
}
