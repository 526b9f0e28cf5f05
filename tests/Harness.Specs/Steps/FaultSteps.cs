using System.Diagnostics;
using System.Net.Http.Json;
using Harness.Specs.Support;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Harness.Testing.Workload;
using Microsoft.Extensions.DependencyInjection;
using Reqnroll;
using Xunit;
using Harness.Gherkin.Steps;

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

    /// <summary>@fault: a private broker stopped and started again.</summary>
    [Given("the sync service runs on a broker of its own that the scenario can stop")]
    public async Task GivenAServiceOnItsOwnBroker()
    {
        var broker = await fault.StartBrokerAsync();
        await world.StartServiceNodeAsync(broker.AmqpUrl, "web,worker");
    }

    /// <summary>WireMock.Net between the service and Graph (`empty response`, `truncated body`, `malformed body`, `slow body`).</summary>
    [Given("the sync service is running, reaching Graph through a proxy")]
    public async Task GivenAServiceBehindAGraphProxy()
    {
        fault.Proxy = new GraphProxy(world.Simulator);
        await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "web,worker", new Dictionary<string, string?> { ["Graph:BaseUrl"] = fault.Proxy.GraphBaseUrl.ToString() });
    }

    /// <summary>A worker killed while a job runs.</summary>
    [Given("{int} worker nodes are running")]
    public async Task GivenWorkerNodes(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "worker");
        }
    }

    /// <summary>@fault: a real-time stream of bookings, moves and cancellations in the mapped rooms.</summary>
    [When("Outlook keeps changing the rooms' calendars, {int} change(s) a second")]
    public void WhenOutlookKeepsChanging(int perSecond) => fault.StartOutlook(perSecond);

    /// <summary>@fault: a private broker stopped and started again.</summary>
    [StepWaits(Waits.UntilHappened)]
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
            async () => world.WorkersConsuming && await world.Service.OutboxCountAsync() == 0 ? true : null,
            "every worker to consume again and the outbox to be handed to the broker, without a restart", RecoveryTimeout);
        fault.RecoverySeconds = (fault.Now - back).TotalSeconds;
    }

    /// <summary>@fault: a real-time stream of bookings, moves and cancellations in the mapped rooms.</summary>
    [When("Outlook stops changing the calendars after {int} more seconds")]
    public async Task WhenOutlookStops(int seconds)
    {
        // The load generator's own pace, not a wait for the service: the service is checked afterwards by polling.
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        await fault.StopOutlookAsync();
    }

    /// <summary>A long database reader.</summary>
    [When("a reader holds the database for {int} seconds while Outlook changes the rooms' calendars, {int} changes a second, and {int} admin writes are made")]
    public async Task WhenALongReaderHoldsTheDatabase(int seconds, int perSecond, int writes)
    {
        fault.FaultDescription = $"a reader held the database for {seconds} s";
        fault.StartOutlook(perSecond);
        await using var reader = world.Database!.OpenConnection();
        // A transaction that has read holds its snapshot until it ends: SQLite's SHARED lock (a deferred
        // transaction), PostgreSQL's repeatable-read snapshot (which keeps old row versions from being cleaned).
        await using var transaction = reader is Microsoft.Data.Sqlite.SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await reader.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        await using (var read = reader.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT COUNT(*) FROM \"Bookings\"";
            await read.ExecuteScalarAsync();
        }

        var held = Stopwatch.StartNew();
        await MakeAdminWritesAsync(writes);
        await Task.Delay(TimeSpan.FromSeconds(seconds) - held.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        await transaction.CommitAsync();
        await fault.StopOutlookAsync();
    }

    /// <summary>Slow and throttled Graph for one room.</summary>
    [Given("Graph throttles the next {int} delta call(s) for {string} with Retry-After {int} seconds")]
    public async Task GivenThrottlingForARoom(int count, string room, int seconds)
    {
        fault.FaultDescription = $"delta for {room} throttled with Retry-After {seconds} s";
        using var control = world.Simulator.CreateHttpClient();
        (await control.PostAsJsonAsync("control/faults", new { kind = "throttle", route = "/calendarView/delta", mailbox = ScenarioWorld.Mailbox(room), retryAfterSeconds = seconds, count })).EnsureSuccessStatusCode();
    }

    /// <summary>Slow and throttled Graph for one room.</summary>
    [Given("Graph answers the next delta call for {string} only after {int} simulated seconds")]
    public async Task GivenSlowDelta(string room, int seconds)
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.PostAsJsonAsync("control/faults", new { kind = "latency", route = "/calendarView/delta", mailbox = ScenarioWorld.Mailbox(room), latencyMs = seconds * 1000, count = 1 })).EnsureSuccessStatusCode();
    }

    /// <summary>Slow and throttled Graph for one room.</summary>
    [StepWaits(Waits.UntilHappened)]
    [When("the sync waits on Graph's Retry-After")]
    public Task WhenTheSyncWaits() =>
        Eventually.UntilAsync<object>(async () => await world.EarliestGraphWaitAsync() is null ? null : true, "a Graph call of the service (or its job) to wait out Retry-After");

    /// <summary>Nothing is blocked meanwhile.</summary>
    [When("{int} admin writes are made meanwhile")]
    public Task WhenAdminWritesAreMade(int writes) => MakeAdminWritesAsync(writes);

    /// <summary>Nothing is blocked meanwhile.</summary>
    [Then("every admin write succeeded within {int} second(s)")]
    public void ThenAdminWritesSucceeded(int seconds)
    {
        Assert.NotEmpty(fault.AdminWrites);
        var slow = fault.AdminWrites.Where(w => w.Status != 201 || w.Took > TimeSpan.FromSeconds(seconds)).ToList();
        Assert.True(slow.Count == 0, $"{slow.Count} of {fault.AdminWrites.Count} admin writes failed or took longer than {seconds} s: {string.Join(", ", slow.Select(w => $"{w.Status} in {w.Took.TotalMilliseconds:0} ms"))}");
    }

    /// <summary>A worker killed while a job runs.</summary>
    [StepWaits(Waits.UntilHappened)]
    [When("the worker node syncing {string} dies mid-job")]
    public async Task WhenTheWorkerDies(string room)
    {
        fault.FaultDescription = $"the worker node syncing {room} died mid-job";
        await (await BusyWorkerAsync(room)).KillAsync();
    }

    /// <summary>A worker shut down (as by its supervisor, SIGTERM) while a job runs.</summary>
    [StepWaits(Waits.UntilHappened)]
    [When("the worker node syncing {string} is stopped mid-job")]
    public async Task WhenTheWorkerIsStopped(string room)
    {
        fault.FaultDescription = $"the worker node syncing {room} was stopped mid-job";
        await (await BusyWorkerAsync(room)).DisposeAsync();
    }

    /// <summary>
    /// The worker node in the middle of a sync, taken out of the scenario's nodes. When the scenario made Graph slow,
    /// "the middle" is once that slow call has reached Graph: a job in hand can still be reading the database, and
    /// stopping it there would leave the slow answer to the worker that takes the job over.
    /// </summary>
    private async Task<SyncServiceApp> BusyWorkerAsync(string room)
    {
        var busy = await Eventually.UntilAsync(
            async () => world.ServiceNodes.FirstOrDefault(n => n.RunsWorkers && n.InFlight(OutlookSync.Queueing.QueueNames.Inbound) > 0) is { } node
                && await world.Simulator.FaultsLeftAsync() == 0 ? node : null,
            $"a worker node to be in the middle of syncing {room}, waiting on Graph");
        world.ServiceNodes.Remove(busy);
        return busy;
    }

    /// <summary>WireMock.Net between the service and Graph (`empty response`, `truncated body`, `malformed body`, `slow body`).</summary>
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

    /// <summary>The simulator closes the connection.</summary>
    [Given("Graph drops the connection on the next {int} delta calls")]
    public async Task GivenDroppedConnections(int count)
    {
        fault.FaultDescription = $"{count} delta calls with the connection dropped";
        using var control = world.Simulator.CreateHttpClient();
        (await control.PostAsJsonAsync("control/faults", new { kind = "drop", route = "/calendarView/delta", count })).EnsureSuccessStatusCode();
    }

    /// <summary>WireMock.Net between the service and Graph (`empty response`, `truncated body`, `malformed body`, `slow body`).</summary>
    [Then("the proxy served {int} fault(s)")]
    public void ThenTheProxyServedFaults(int count) => Assert.Equal(count, fault.Proxy!.FaultsServed);

    /// <summary>The broker cancels the consumers of that queue.</summary>
    [When("an operator deletes the queue {string}")]
    public async Task WhenTheQueueIsDeleted(string queue) => await (await world.BrokerAsync()).DeleteQueueAsync(queue);

    /// <summary>Compares (waiting up to 90 s) and prints the tally.</summary>
    [Then("every room's bookings match its calendar at Graph: 0 lost, 0 duplicated")]
    public async Task ThenBookingsMatch()
    {
        ComparisonResult? last = null;
        using var admin = world.Service.CreateAdminClient();
        try
        {
            await Eventually.UntilMatchesAsync(
                async () =>
                {
                    // Notifications on their way (Graph's latency) go out and rooms answer first.
                    await world.SettleAsync();
                    if (fault.Outlook is { } outlook)
                    {
                        await outlook.ConfirmAsync();
                    }

                    last = await BookingComparison.CompareAsync(admin, world.RoomObjects, fault.Outlook?.Meetings ?? await MeetingsAtGraphAsync());
                    return last.InStep ? null : $"{last}: {string.Join("; ", (last.Mismatches ?? []).Take(5))}";
                },
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

    /// <summary>What a monitor and Graph saw during the fault.</summary>
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

    /// <summary>What a monitor and Graph saw during the fault.</summary>
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
