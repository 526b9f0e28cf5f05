using System.Net;
using System.Net.Sockets;
using Harness.Specs.Support;
using Reqnroll;

namespace Harness.Specs.Steps;

[Binding]
public sealed class ServiceSteps(ScenarioWorld world)
{
    /// <summary>Service (web + worker) on its own virtual host of the broker.</summary>
    [Given("the sync service is running")]
    public async Task GivenTheServiceIsRunning() =>
        await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "web,worker");

    /// <summary>Service processes by role.</summary>
    [Given("the sync service is running with the cron")]
    public async Task GivenTheServiceIsRunningWithTheCron() =>
        await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "web,worker,cron");

    /// <summary>Service with web and worker roles only: nothing renews or polls unless a step runs the cron.</summary>
    [Given("the sync service is running without the cron")]
    public Task GivenTheServiceIsRunningWithoutTheCron() => GivenTheServiceIsRunning();

    /// <summary>Service with web and cron roles: jobs the cron queues stay in the queue.</summary>
    [Given("the sync service is running with the cron but without a worker")]
    public async Task GivenTheServiceIsRunningWithTheCronButNoWorker() =>
        await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "web,cron");

    /// <summary>Service processes by role.</summary>
    [When("the cron starts")]
    public async Task WhenTheCronStarts() =>
        await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "cron");

    /// <summary>Stale workers.</summary>
    [Given("a worker from the previous deploy starts, with configuration version {string}")]
    [When("a worker from the previous deploy starts, with configuration version {string}")]
    public async Task WhenAnOldWorkerStarts(string version) =>
        _previousDeploy = await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "worker", new Dictionary<string, string?> { ["Service:ConfigVersion"] = version });

    /// <summary>INFRA-5's fix.</summary>
    [When("the worker from the previous deploy stops")]
    public async Task WhenTheOldWorkerStops()
    {
        var old = _previousDeploy ?? throw new InvalidOperationException("No worker from the previous deploy was started in this scenario.");
        world.ServiceNodes.Remove(old);
        await old.DisposeAsync();
    }

    private Harness.Testing.Apps.SyncServiceApp? _previousDeploy;

    /// <summary>Stale workers.</summary>
    [Then("the status reports {int} stale worker(s), saying {string}")]
    public async Task ThenStaleWorkers(int count, string message)
    {
        var nodes = await Harness.Testing.Waiting.Eventually.UntilAsync(
            async () =>
            {
                var status = await world.StatusAsync();
                var all = status.GetProperty("nodes").EnumerateArray().ToList();
                return all.Count == world.ServiceNodes.Count ? all : null;
            },
            "every service node to report its heartbeat");
        var stale = nodes.Where(n => n.GetProperty("stale").GetBoolean()).ToList();
        Xunit.Assert.Equal(count, stale.Count);
        Xunit.Assert.All(stale, n => Xunit.Assert.Contains(message, n.GetProperty("message").GetString()));
    }

    /// <summary>A separate cron process; `GET /health`.</summary>
    [Given("a second cron process runs")]
    [Given("the cron runs in a process of its own")]
    public async Task GivenASecondCron() =>
        await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "cron");

    /// <summary>The admin status endpoint's view of that queue.</summary>
    [Then("the status shows {int} message(s) and {int} consumer(s) on {string}")]
    public async Task ThenTheStatusShowsTheQueue(int messages, int consumers, string queue)
    {
        var status = await world.StatusAsync();
        var state = status.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("name").GetString() == queue);
        Xunit.Assert.Equal((messages, consumers), (state.GetProperty("messages").GetInt64(), state.GetProperty("consumers").GetInt64()));
    }

    /// <summary>The simulator's renewal log of the calendar's subscription holds exactly this many renewals.</summary>
    [Then("the subscription was renewed {int} time(s)")]
    public async Task ThenRenewed(int times)
    {
        var total = 0L;
        foreach (var node in world.ServiceNodes)
        {
            var status = await node.StatusAsync();
            total += status.GetProperty("thisNode").GetProperty("renewals").GetInt64();
        }

        Xunit.Assert.Equal(times, total);
    }

    /// <summary>The status endpoint.</summary>
    [Then("the cron status says {string}")]
    public async Task ThenTheCronStatusSays(string expected)
    {
        var status = await world.StatusAsync();
        Xunit.Assert.Contains(expected, status.GetProperty("cron").GetProperty("message").GetString());
    }

    /// <summary>A separate cron process; `GET /health`.</summary>
    [When("the cron process stops")]
    public async Task WhenTheCronProcessStops()
    {
        var cron = world.ServiceNodes.Single(n => n.RunsCron && !n.RunsWorkers && n != world.Service);
        world.ServiceNodes.Remove(cron);
        await cron.DisposeAsync();
    }

    /// <summary>GET /health's overall status, as a load balancer or monitor sees it (anonymous).</summary>
    [Then("the health check answers {string}")]
    public async Task ThenTheHealthCheckAnswers(string expected)
    {
        var health = await HealthAsync(world.Service);
        Xunit.Assert.True(expected == health.GetProperty("status").GetString(), $"Expected /health to answer {expected}; it answered:\n{health}");
    }

    /// <summary>One of /health's checks: its status, and words from its reason.</summary>
    [Then("the health check reports {string} as {string}, saying {string}")]
    public async Task ThenTheHealthCheckReports(string check, string status, string words)
    {
        System.Text.Json.JsonElement health = default;
        try
        {
            await Harness.Testing.Waiting.Eventually.UntilAsync<object>(
                async () =>
                {
                    health = await HealthAsync(world.Service);
                    return health.GetProperty("checks").TryGetProperty(check, out var entry)
                        && entry.GetProperty("status").GetString() == status
                        && (entry.GetProperty("description").GetString() ?? "").Contains(words, StringComparison.Ordinal) ? true : null;
                },
                $"/health to report {check} as {status}");
        }
        catch (TimeoutException)
        {
            Xunit.Assert.Fail($"Expected /health to report \"{check}\" as {status}, saying \"{words}\"; it answered:\n{health}");
        }
    }

    public static async Task<System.Text.Json.JsonElement> HealthAsync(Harness.Testing.Apps.SyncServiceApp node)
    {
        using var http = new HttpClient { BaseAddress = node.BaseAddress };
        using var response = await http.GetAsync("health");
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Jobs committed but not yet handed to the broker.</summary>
    [Then("the outbox holds {int} job(s)")]
    public async Task ThenTheOutboxHolds(int jobs)
    {
        var count = 0;
        try
        {
            await Harness.Testing.Waiting.Eventually.UntilAsync<object>(async () => (count = await world.Service.OutboxCountAsync()) == jobs ? true : null, $"the outbox to hold {jobs} job(s)");
        }
        catch (TimeoutException)
        {
            Xunit.Assert.Fail($"Expected {jobs} job(s) in the outbox; it holds {count}.");
        }
    }

    /// <summary>PROD-04/05: https on a real-looking host name (sync.contoso.example) with its certificate; Graph's side resolves it to this machine.</summary>
    [Given("the sync service is running on its production address")]
    public async Task GivenTheServiceOnItsProductionAddress() =>
        await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "web,worker", productionAddress: true);

    /// <summary>The same with the cron: every process a production deployment runs.</summary>
    [Given("the sync service is running on its production address with the cron")]
    public async Task GivenTheServiceOnItsProductionAddressWithTheCron() =>
        await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "web,worker,cron", productionAddress: true);

    /// <summary>A misconfigured public URL: Graph is told an address where something else answers the handshake.</summary>
    [Given("the sync service is running with its public URL pointing at that endpoint")]
    public async Task GivenTheServicePointingAtTheStub() =>
        await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "web,worker", new Dictionary<string, string?>
        {
            ["Graph:PublicBaseUrl"] = new Uri(world.Stubs.Last().Url, "/").ToString(),
        });

    /// <summary>Web role only: jobs stay in the queue.</summary>
    [Given("the sync service is running without a worker")]
    public async Task GivenTheServiceIsRunningWithoutAWorker() =>
        await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "web");

    /// <summary>Broker URL pointing at a closed port.</summary>
    [Given("the sync service is running with a broker that cannot be reached")]
    public async Task GivenTheServiceIsRunningWithAnUnreachableBroker() =>
        await world.StartServiceNodeAsync(new Uri($"amqp://guest:guest@127.0.0.1:{Harness.Testing.LoopbackPorts.Free()}/"), "web");

    /// <summary>
    /// The last worker started: its status counts completed syncs and jobs covered by a later sync (acknowledged
    /// without a Graph call, because a sync that began after they were queued had seen their change).
    /// </summary>
    [Then("the new worker read the room's calendar at Graph once and answered every other queued job without asking Graph")]
    public async Task ThenTheWorkerCoalesced()
    {
        var worker = world.ServiceNodes.Last(n => n.RunsWorkers);
        await world.SettleServiceAsync();
        var totals = (await worker.StatusAsync()).GetProperty("thisNode");
        var (syncs, covered, processed) = (totals.GetProperty("syncs").GetInt64(), totals.GetProperty("syncsCovered").GetInt64(), worker.Journal.Processed.Count);
        Xunit.Assert.True(syncs == 1 && covered == processed - 1 && covered > 0, $"the worker processed {processed} job(s): {syncs} sync(s) read Graph, {covered} covered by a later sync");
    }

    /// <summary>Activation:InlineLimit: integrations with more calendars are activated by the workers, in the background.</summary>
    [Given("the sync service is running without a worker, activating integrations of more than {int} calendar(s) in the background")]
    public async Task GivenBackgroundActivation(int inlineLimit) =>
        await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "web", new Dictionary<string, string?> { ["Activation:InlineLimit"] = inlineLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>The activate (or deactivate) call's answer.</summary>
    [Then("the activation answered at once, running in the background")]
    [Then("the deactivation answered at once, running in the background")]
    public void ThenActivationInBackground() =>
        Xunit.Assert.True(world.Activation?.GetProperty("inBackground").GetBoolean(), $"the activation answered: {world.Activation}");

    /// <summary>GET /api/admin/status, activations[]: polled until the integration's line says this.</summary>
    [Then("the status says of the integration's activation: {string}")]
    public Task ThenActivationStatus(string message) =>
        Harness.Testing.Waiting.Eventually.UntilMatchesAsync(
            async () =>
            {
                var status = await world.StatusAsync();
                var line = status.GetProperty("activations").EnumerateArray().FirstOrDefault(a => a.GetProperty("integrationId").GetInt32() == world.IntegrationId);
                var said = line.ValueKind == System.Text.Json.JsonValueKind.Object ? line.GetProperty("message").GetString() : "(no line for the integration)";
                return said == message ? null : $"the status says: {said}";
            },
            $"the status to say of the activation: {message}");

    /// <summary>Every worker node shuts down (as by its supervisor); jobs queued afterwards wait on the broker.</summary>
    [When("the workers stop")]
    public async Task WhenTheWorkersStop()
    {
        foreach (var worker in world.ServiceNodes.Where(n => n.RunsWorkers && !n.RunsWeb).ToList())
        {
            world.ServiceNodes.Remove(worker);
            await worker.DisposeAsync();
        }
    }

    /// <summary>Another service process in the worker role.</summary>
    [When("a worker starts")]
    public async Task WhenAWorkerStarts() =>
        await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "worker");

}
