using System.Diagnostics;
using System.Net.Http.Json;
using Harness.Specs.Support;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Harness.Testing.Workload;
using Microsoft.Extensions.DependencyInjection;
using Reqnroll;
using Xunit;

namespace Harness.Specs.Steps;

/// <summary>
/// Faults in real time (@fault): the broker stopped under load, a worker node dying mid-job, a long
/// database reader, Graph throttling with a long Retry-After, transport faults between the service and
/// Graph. Each ends by comparing every room's calendar at Graph with the bookings and printing the tally.
/// </summary>
[Binding]
public sealed class FaultSteps(ScenarioWorld world, FaultRun fault, ScenarioContext scenario)
{
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(90);

    [Given("the sync service runs on a broker of its own that the scenario can stop")]
    public async Task GivenAServiceOnItsOwnBroker()
    {
        var broker = await fault.StartBrokerAsync();
        world.StartServiceNode(broker.AmqpUrl, "web,worker");
    }

    [Given("the sync service is running, reaching Graph through a proxy")]
    public async Task GivenAServiceBehindAGraphProxy()
    {
        fault.Proxy = new GraphProxy(world.Simulator);
        world.StartServiceNode((await world.BrokerAsync()).AmqpUrl, "web,worker", new Dictionary<string, string?> { ["Graph:BaseUrl"] = fault.Proxy.GraphBaseUrl.ToString() });
    }

    [Given("{int} worker nodes are running")]
    public async Task GivenWorkerNodes(int count)
    {
        for (var i = 0; i < count; i++)
        {
            world.StartServiceNode((await world.BrokerAsync()).AmqpUrl, "worker");
        }
    }

    [When("Outlook keeps changing the rooms' calendars, {int} change(s) a second")]
    public void WhenOutlookKeepsChanging(int perSecond) => fault.StartOutlook(perSecond);

    [When("the broker stops for {int} seconds while a monitor asks \\/health every half second")]
    public async Task WhenTheBrokerStops(int seconds)
    {
        fault.FaultDescription = $"broker stopped for {seconds} s";
        await fault.Broker!.StopAsync();
        using (var outage = new CancellationTokenSource(TimeSpan.FromSeconds(seconds)))
        {
            await fault.SampleHealthAsync(world.Service, "fault", outage.Token);
        }

        await fault.Broker.StartAgainAsync();
        var back = fault.Now;
        await Eventually.UntilAsync<object>(
            async () => world.ServiceNodes.All(n => !n.RunsWorkers || n.ConsumersRunning) && await world.Service.OutboxCountAsync() == 0 ? true : null,
            "every worker to consume again and the outbox to be handed to the broker, without a restart", RecoveryTimeout);
        fault.RecoverySeconds = (fault.Now - back).TotalSeconds;
    }

    [When("Outlook stops changing the calendars after {int} more seconds")]
    public async Task WhenOutlookStops(int seconds)
    {
        // The load generator's own pace, not a wait for the service: the service is checked afterwards by polling.
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        await fault.StopOutlookAsync();
    }

    [When("a reader holds the database for {int} seconds while Outlook changes the rooms' calendars, {int} changes a second, and {int} admin writes are made")]
    public async Task WhenALongReaderHoldsTheDatabase(int seconds, int perSecond, int writes)
    {
        fault.FaultDescription = $"a reader held the database for {seconds} s";
        fault.StartOutlook(perSecond);
        await using var reader = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(world.DataFolder, "outlook-sync.db")}");
        await reader.OpenAsync();
        // A deferred transaction that has read holds a read snapshot (SQLite's SHARED lock) until it ends.
        await using var transaction = reader.BeginTransaction(deferred: true);
        await using (var read = reader.CreateCommand())
        {
            read.CommandText = "SELECT COUNT(*) FROM Bookings";
            await read.ExecuteScalarAsync();
        }

        var held = Stopwatch.StartNew();
        await MakeAdminWritesAsync(writes);
        await Task.Delay(TimeSpan.FromSeconds(seconds) - held.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        await transaction.CommitAsync();
        await fault.StopOutlookAsync();
    }

    [Given("Graph throttles the next {int} delta call(s) for {string} with Retry-After {int} seconds")]
    public async Task GivenThrottlingForARoom(int count, string room, int seconds)
    {
        fault.FaultDescription = $"delta for {room} throttled with Retry-After {seconds} s";
        using var control = world.Simulator.CreateHttpClient();
        (await control.PostAsJsonAsync("control/faults", new { kind = "throttle", route = "/calendarView/delta", mailbox = ScenarioWorld.Mailbox(room), retryAfterSeconds = seconds, count })).EnsureSuccessStatusCode();
    }

    [Given("Graph answers the next delta call for {string} only after {int} simulated seconds")]
    public async Task GivenSlowDelta(string room, int seconds)
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.PostAsJsonAsync("control/faults", new { kind = "latency", route = "/calendarView/delta", mailbox = ScenarioWorld.Mailbox(room), latencyMs = seconds * 1000, count = 1 })).EnsureSuccessStatusCode();
    }

    [When("the sync waits on Graph's Retry-After")]
    public Task WhenTheSyncWaits() =>
        Eventually.UntilAsync(() => world.ServiceNodes.Any(n => n.GraphRetryWaits.Count > 0), "a Graph call of the service to wait out Retry-After");

    [When("{int} admin writes are made meanwhile")]
    public Task WhenAdminWritesAreMade(int writes) => MakeAdminWritesAsync(writes);

    [Then("every admin write succeeded within {int} second(s)")]
    public void ThenAdminWritesSucceeded(int seconds)
    {
        Assert.NotEmpty(fault.AdminWrites);
        var slow = fault.AdminWrites.Where(w => w.Status != 201 || w.Took > TimeSpan.FromSeconds(seconds)).ToList();
        Assert.True(slow.Count == 0, $"{slow.Count} of {fault.AdminWrites.Count} admin writes failed or took longer than {seconds} s: {string.Join(", ", slow.Select(w => $"{w.Status} in {w.Took.TotalMilliseconds:0} ms"))}");
    }

    [When("the worker node syncing {string} dies mid-job")]
    public async Task WhenTheWorkerDies(string room)
    {
        fault.FaultDescription = $"the worker node syncing {room} died mid-job";
        var busy = await Eventually.UntilAsync(
            () => Task.FromResult(world.ServiceNodes.FirstOrDefault(n => n.RunsWorkers && n.InFlight(OutlookSync.Queueing.QueueNames.Inbound) > 0)),
            $"a worker node to be in the middle of syncing {room}");
        world.ServiceNodes.Remove(busy);
        await busy.KillAsync();
    }

    [Given("the next {int} delta calls fail in transport: {string}")]
    public void GivenTransportFaults(int count, string kind)
    {
        var transportFault = kind switch
        {
            "empty response" => TransportFault.EmptyResponse,
            "truncated body" => TransportFault.TruncatedBody,
            "malformed body" => TransportFault.MalformedBody,
            "slow body" => TransportFault.SlowBody,
            _ => throw new ArgumentException($"Unknown transport fault '{kind}': use empty response, truncated body, malformed body or slow body."),
        };
        fault.FaultDescription = $"the next {count} delta calls through the proxy: {kind}";
        fault.Proxy!.FailNext(count, transportFault, "/calendarView/delta");
    }

    [Given("Graph drops the connection on the next {int} delta calls")]
    public async Task GivenDroppedConnections(int count)
    {
        fault.FaultDescription = $"{count} delta calls with the connection dropped";
        using var control = world.Simulator.CreateHttpClient();
        (await control.PostAsJsonAsync("control/faults", new { kind = "drop", route = "/calendarView/delta", count })).EnsureSuccessStatusCode();
    }

    [Then("the proxy served {int} fault(s)")]
    public void ThenTheProxyServedFaults(int count) => Assert.Equal(count, fault.Proxy!.FaultsServed);

    [When("an operator deletes the queue {string}")]
    public async Task WhenTheQueueIsDeleted(string queue) => await (await world.BrokerAsync()).DeleteQueueAsync(queue);

    [Then("every room's bookings match its calendar at Graph: 0 lost, 0 duplicated")]
    public async Task ThenBookingsMatch()
    {
        var meetings = fault.Outlook?.Meetings;
        ComparisonResult? last = null;
        using var admin = world.Service.CreateAdminClient();
        try
        {
            await Eventually.UntilAsync<object>(
                async () => (last = await BookingComparison.CompareAsync(admin, world.RoomObjects, meetings ?? await MeetingsAtGraphAsync())).InStep ? true : null,
                "every room's bookings to match its calendar", RecoveryTimeout);
        }
        finally
        {
            if (last is not null)
            {
                fault.Report(scenario.ScenarioInfo.Title, last);
            }
        }

        Assert.Empty(fault.StreamErrors);
    }

    [Then("\\/health answered {string} during the fault, its {string} check saying {string}")]
    public void ThenHealthDuringTheFault(string status, string check, string words)
    {
        var samples = fault.HealthSamples.Where(s => s.Phase == "fault").ToList();
        Assert.NotEmpty(samples);
        Assert.True(samples.All(s => s.StatusCode != 0 && s.Took < TimeSpan.FromSeconds(3)),
            $"/health must answer within 3 s during the fault; it answered: {string.Join(", ", samples.Select(s => $"{s.Status} in {s.Took.TotalMilliseconds:0} ms"))}");
        Assert.True(samples.Any(s => s.Status == status && (s.Check(check) ?? "").Contains(words, StringComparison.Ordinal)),
            $"/health never answered {status} with {check} saying \"{words}\" during the fault; it answered: {string.Join(" | ", samples.Select(s => $"{s.Status} ({check}: {s.Check(check)})").Distinct())}");
    }

    [Then("the webhook acknowledged every notification")]
    public void ThenTheWebhookAcknowledgedEverything()
    {
        var attempts = world.Simulator.Services.GetRequiredService<GraphSimulator.Notifications.DeliveryLog>().Attempts;
        Assert.NotEmpty(attempts);
        var refused = attempts.Where(a => !a.Succeeded).ToList();
        Assert.True(refused.Count == 0, $"{refused.Count} of {attempts.Count} deliveries were not acknowledged: {string.Join(", ", refused.Take(5).Select(a => $"{a.StatusCode} {a.Outcome}"))}");
    }

    private async Task MakeAdminWritesAsync(int writes)
    {
        using var admin = world.Service.CreateAdminClient();
        for (var i = 0; i < writes; i++)
        {
            var took = Stopwatch.StartNew();
            using var response = await admin.PostAsJsonAsync("api/admin/objects", new { name = $"Fault object {i}" });
            fault.AdminWrites.Add(((int)response.StatusCode, took.Elapsed));
        }
    }

    /// <summary>Without a stream, what the rooms' calendars hold, read from Graph as the app.</summary>
    private async Task<IReadOnlyList<Meeting>> MeetingsAtGraphAsync()
    {
        var graph = await world.AppGraphAsync();
        var meetings = new List<Meeting>();
        foreach (var room in world.RoomObjects.Keys)
        {
            var events = await graph.Users[room].Events.GetAsync();
            meetings.AddRange((events?.Value ?? []).Where(e => e.IsCancelled != true).Select(e => new Meeting(room, e.Organizer?.EmailAddress?.Address ?? "",
                DateTimeOffset.Parse(e.Start!.DateTime! + "Z", System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(e.End!.DateTime! + "Z", System.Globalization.CultureInfo.InvariantCulture))));
        }

        return meetings;
    }
}
