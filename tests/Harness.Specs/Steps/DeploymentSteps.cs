using System.Net.Http.Json;
using System.Text.Json;
using Harness.Gherkin.Steps;
using Harness.Specs.Support;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Reqnroll;
using Xunit;

namespace Harness.Specs.Steps;

/// <summary>A deployment of several nodes by role, on one database and one broker (@postgresql scenarios).</summary>
[Binding]
public sealed class DeploymentSteps(ScenarioWorld world)
{
    /// <summary>
    /// Separate service instances by role (web, worker, cron) sharing the scenario's database, broker and key
    /// ring; Graph is told the balancer's address, which hands each request to the next web node.
    /// </summary>
    [StepWaits(Waits.UntilHappened)]
    [Given("a deployment of {int} web nodes behind a load balancer, {int} worker nodes and a cron node")]
    public async Task GivenADeployment(int webNodes, int workerNodes)
    {
        var balancer = new LoadBalancer();
        world.DisposeAfterNodes.Add(new Disposing(balancer));
        var broker = (await world.BrokerAsync()).AmqpUrl;
        var publicAddress = new Dictionary<string, string?> { ["Graph:PublicBaseUrl"] = balancer.PublicBaseUrl.ToString() };
        for (var i = 0; i < webNodes; i++)
        {
            balancer.Add((await world.StartServiceNodeAsync(broker, "web", publicAddress)).BaseAddress);
        }

        for (var i = 0; i < workerNodes; i++)
        {
            await world.StartServiceNodeAsync(broker, "worker", publicAddress);
        }

        await world.StartServiceNodeAsync(broker, "cron", publicAddress);

        // Deployed means consuming: a worker whose first connection the broker dropped (nodes declaring the same
        // queues at once) is still reconnecting, and the other worker would take every job meanwhile.
        await Eventually.UntilAsync(() => world.WorkersConsuming, "every worker node to consume every queue");
    }

    [Then("every web node took some of Graph's notifications")]
    public void ThenEveryWebNodeTookNotifications()
    {
        var webNodes = world.ServiceNodes.Where(n => n.RunsWeb).ToList();
        Assert.True(webNodes.Count > 1, "the scenario needs more than one web node");
        Assert.All(webNodes, n => Assert.True(n.NotificationsQueued > 0, $"a web node queued no notification; queued per node: {string.Join(", ", webNodes.Select(w => w.NotificationsQueued))}"));
    }

    [Then("every worker node processed some of the jobs")]
    public void ThenEveryWorkerProcessedJobs()
    {
        var workers = world.ServiceNodes.Where(n => n.RunsWorkers).ToList();
        Assert.True(workers.Count > 1, "the scenario needs more than one worker node");
        Assert.All(workers, n => Assert.True(n.Journal.Processed.Count > 0, $"a worker node processed no job; processed per node: {string.Join(", ", workers.Select(w => w.Journal.Processed.Count))}"));
    }

    /// <summary>
    /// From the simulator's renewal log of every subscription of the scenario's app: still alive, renewed often
    /// enough, and each renewal made once (a second renewal right after the first would come with 3 days left).
    /// </summary>
    [Then("every calendar's subscription was renewed {int} or more times, each renewal once and within {int} days of its expiry")]
    public async Task ThenEverySubscriptionRenewedOnce(int atLeast, int days)
    {
        var subscriptions = (await (await world.AppGraphAsync()).Subscriptions.GetAsync())!.Value!;
        Assert.Equal(world.RoomObjects.Count, subscriptions.Count);
        foreach (var subscription in subscriptions)
        {
            Assert.True(subscription.ExpirationDateTime > world.Clock.GetUtcNow().AddDays(1), $"{subscription.Resource} expires {subscription.ExpirationDateTime}, now {world.Clock.GetUtcNow()}");
            var renewals = await SubscriptionRenewals.OfAsync(world.Simulator, subscription.Id!);
            Assert.True(renewals.Count >= atLeast, $"{subscription.Resource}: {renewals.Count} renewal(s), expected {atLeast} or more");
            SubscriptionRenewals.AssertEachWithin(renewals, days, subscription.Resource!);
        }
    }

    private sealed class Disposing(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
