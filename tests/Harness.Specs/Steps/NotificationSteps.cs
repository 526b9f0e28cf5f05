using System.Net.Http.Json;
using GraphSimulator.Graph;
using GraphSimulator.Notifications;
using Harness.Specs.Support;
using Microsoft.Extensions.DependencyInjection;
using Harness.Testing.Waiting;
using Reqnroll;
using Xunit;
using Harness.Gherkin.Steps;

namespace Harness.Specs.Steps;

[Binding]
public sealed class NotificationSteps(ScenarioWorld world)
{
    /// <summary>Simulator delivers a change notification (`created`/`updated`/`deleted`).</summary>
    [When("Outlook reports the event {string} as {word}")]
    public async Task WhenOutlookReports(string eventId, string changeType)
    {
        var subscription = world.Subscription ?? throw new InvalidOperationException("No subscription in this scenario.");
        using var control = world.Simulator.CreateHttpClient();
        var response = await control.PostAsJsonAsync($"control/subscriptions/{subscription.Id}/notifications", new { changeType, resourceId = eventId });
        response.EnsureSuccessStatusCode();
        world.LastDelivery = await response.Content.ReadFromJsonAsync<DeliveryAttempt>(GraphJson.Options);
    }

    /// <summary>Graph's own latest delivery to the service (the simulator's delivery log), after every due one was posted.</summary>
    [Then("Graph's latest notification was acknowledged with HTTP {int}")]
    public async Task ThenGraphsLatestNotification(int status)
    {
        await world.SettleAsync();
        var latest = world.Simulator.Services.GetRequiredService<GraphSimulator.Notifications.DeliveryLog>().Attempts
            .Where(a => a.Kind == GraphSimulator.Notifications.Delivery.Change).LastOrDefault()
            ?? throw new InvalidOperationException("Graph has delivered no change notification in this scenario.");
        Assert.True(latest.StatusCode == status, $"Graph's latest notification was answered {latest.StatusCode} ({latest.Outcome}), not {status}.");
    }

    /// <summary>Deactivation while Graph cannot delete the subscriptions.</summary>
    [Then("the status counts {int} notification(s) ignored because its integration is inactive")]
    public async Task ThenIgnoredCount(int count)
    {
        var status = await world.StatusAsync();
        Assert.Equal(count, status.GetProperty("webhook").GetProperty("ignored").GetInt64());
    }

    /// <summary>The delivery's status.</summary>
    [Then("the webhook acknowledged the notification with HTTP {int}")]
    [Then("the webhook refused the notification with HTTP {int}")]
    public void ThenTheWebhookAnswered(int status) =>
        Assert.Equal(status, world.LastDelivery?.StatusCode);

    /// <summary>Waits (with a timeout) for a worker to record it.</summary>
    [Then("a worker processes the change to {string} for that subscription")]
    public async Task ThenAWorkerProcesses(string eventId)
    {
        await WorkerProcessesAsync(c => c.ResourceId == eventId, $"the change to {eventId}");
    }

    /// <summary>The service account books it (room attendant answers).</summary>
    [StepWaits(Waits.ChangeNotified)]
    [Given("a meeting is booked in the room {string}")]
    [When("a meeting is booked in the room {string}")]
    public Task WhenAMeetingIsBooked(string room) => BookAsync(room, "normal");

    /// <summary>The organizer changes it in Outlook.</summary>
    [StepWaits(Waits.ChangeNotified)]
    [When("a private meeting is booked in the room {string}")]
    public Task WhenAPrivateMeetingIsBooked(string room) => BookAsync(room, "private");

    /// <summary>Misbehaving Graph.</summary>
    [Given("Graph throttles the next {int} delta calls with Retry-After {int} second(s)")]
    public async Task GivenThrottling(int count, int seconds)
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.PostAsJsonAsync("control/faults", new { kind = "throttle", route = "/calendarView/delta", retryAfterSeconds = seconds, count })).EnsureSuccessStatusCode();
    }

    /// <summary>The simulator closes the connection.</summary>
    [Then("the simulator's throttling faults are used up")]
    [Then("the simulator's injected faults are used up")]
    public async Task ThenFaultsUsedUp()
    {
        using var control = world.Simulator.CreateHttpClient();
        var faults = await control.GetFromJsonAsync<System.Text.Json.JsonElement>("control/faults");
        Assert.Equal(0, faults.GetProperty("value").GetArrayLength());
    }

    private async Task SetDeliveryAsync(string mode, int count, int delaySeconds)
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.PutAsJsonAsync("control/deliveries/behaviour", new { mode, count, delaySeconds })).EnsureSuccessStatusCode();
    }

    private async Task BookAsync(string room, string sensitivity)
    {
        var start = world.Tomorrow("10:00");
        world.MeetingId = await world.BookMeetingAsync("booking.service", "Planning", start, start.AddHours(1), room, sensitivity);
        await world.SettleAsync();
    }

    /// <summary>Graph fails GET/PATCH/DELETE on subscriptions: deactivating cannot remove them, so their notifications keep coming.</summary>
    [Given("Graph answers 500 to every call on an existing subscription")]
    public async Task GivenDeletesFail()
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.PostAsJsonAsync("control/faults", new { kind = "status", status = 500, route = "/v1.0/subscriptions/", count = -1 })).EnsureSuccessStatusCode();
    }

    /// <summary>Deactivation while Graph cannot delete the subscriptions.</summary>
    [When("Graph answers normally again")]
    public async Task WhenGraphRecovers()
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.DeleteAsync("control/faults")).EnsureSuccessStatusCode();
    }

    /// <summary>Misbehaving Graph.</summary>
    [Given("the simulator duplicates every notification")]
    public async Task GivenDuplicates()
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.PutAsJsonAsync("control/deliveries/behaviour", new { mode = "duplicate", count = -1 })).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Graph's delivery misbehaving for the next so many change notifications (of every subscription), then normal again:
    /// `duplicates` sends each twice, `drops` never sends them, `reorders` holds one back until the next has gone out.
    /// </summary>
    [Given("the simulator {word} the next {int} notification(s)")]
    public Task GivenMisbehaviour(string behaviour, int count) => SetDeliveryAsync(behaviour switch
    {
        "duplicates" => "duplicate",
        "drops" => "drop",
        "reorders" => "reorder",
        _ => throw new ArgumentException($"Unknown delivery misbehaviour '{behaviour}': duplicates, drops, reorders (or 'delays the next N notification(s) by N simulated minute(s)')."),
    }, count, delaySeconds: 0);

    /// <summary>The next so many change notifications go out only after so many minutes of simulated time (a step must move the clock).</summary>
    [Given("the simulator delays the next {int} notification(s) by {int} simulated minute(s)")]
    public Task GivenDelay(int count, int minutes) => SetDeliveryAsync("delay", count, delaySeconds: minutes * 60);

    /// <summary>Lost notifications, lifecycle events.</summary>
    [Given("the simulator drops every notification")]
    public async Task GivenDrops()
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.PutAsJsonAsync("control/deliveries/behaviour", new { mode = "drop", count = -1 })).EnsureSuccessStatusCode();
    }

    /// <summary>Lost notifications, lifecycle events.</summary>
    [StepWaits(Waits.ServiceSettled)]
    [When("Graph sends the lifecycle event {string}")]
    public async Task WhenLifecycle(string lifecycleEvent)
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.PostAsJsonAsync($"control/subscriptions/{world.Subscription!.Id}/lifecycle", new { lifecycleEvent })).EnsureSuccessStatusCode();
        await world.SettleServiceAsync();
    }

    /// <summary>Misbehaving Graph.</summary>
    [Given("the simulator forgets every delta token")]
    public async Task GivenDeltaTokensExpire()
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.PostAsync("control/delta/expire", null)).EnsureSuccessStatusCode();
    }

    /// <summary>A stranger posts to the webhook.</summary>
    [When("a notification for that subscription arrives with the clientState {string}")]
    public async Task WhenSpoofed(string clientState)
    {
        using var http = new HttpClient();
        var response = await http.PostAsJsonAsync(world.Service.WebhookUrl, new
        {
            value = new[] { new { subscriptionId = world.Subscription!.Id, clientState, changeType = "created", resource = "Users/x/Events/1", resourceData = new { id = "1" } } },
        });
        world.LastDelivery = new DeliveryAttempt(world.Subscription.Id!, "created", "1", world.Clock.GetUtcNow(), (int)response.StatusCode, "posted by a stranger", TimeSpan.Zero);
    }

    /// <summary>A stranger posts to the webhook.</summary>
    [Then("the webhook answered it with HTTP {int}")]
    public void ThenAnswered(int status) => Assert.Equal(status, world.LastDelivery?.StatusCode);

    /// <summary>Waits for the service's worker.</summary>
    [Then("a worker processes the lifecycle event {string} for that subscription")]
    public Task ThenAWorkerProcessesTheLifecycleEvent(string lifecycleEvent) =>
        WorkerProcessesAsync(c => c.LifecycleEvent == lifecycleEvent, $"the lifecycle event {lifecycleEvent}");

    /// <summary>Waits for the service's worker.</summary>
    [Then("a worker processes a {string} change for that subscription")]
    public Task ThenAWorkerProcessesAChange(string changeType) =>
        WorkerProcessesAsync(c => c.ChangeType == changeType, $"a {changeType} change");

    /// <summary>None sent, none processed.</summary>
    [Then("no lifecycle event reached the service")]
    public async Task ThenNoLifecycleEvent()
    {
        await world.SettleAsync();
        var log = world.Simulator.Services.GetRequiredService<DeliveryLog>();
        Assert.DoesNotContain(log.Attempts, a => a.Kind == Delivery.Lifecycle);
        Assert.DoesNotContain(world.ServiceNodes.SelectMany(n => n.Journal.Processed), p => p.Job.Changes.Any(c => c.LifecycleEvent is not null));
    }

    /// <summary>The simulator's delivery log.</summary>
    [Then("the notification was attempted at least {int} times over 4 hours and then dropped")]
    public void ThenRetriedThenDropped(int attempts)
    {
        var log = world.Simulator.Services.GetRequiredService<DeliveryLog>().Attempts
            .Where(a => a.SubscriptionId == world.Subscription!.Id && a.Kind == Delivery.Change)
            .ToList();
        var tries = log.Where(a => !a.Outcome.StartsWith("dropped", StringComparison.Ordinal)).ToList();
        Assert.True(tries.Count >= attempts, $"expected at least {attempts} attempts, saw {tries.Count}: {string.Join(", ", tries.Select(t => t.Outcome))}");
        Assert.All(tries, t => Assert.Equal(500, t.StatusCode));
        var dropped = Assert.Single(log, a => a.Outcome.StartsWith("dropped", StringComparison.Ordinal));
        Assert.Equal("dropped: retried for 4 hours", dropped.Outcome);
        Assert.InRange(dropped.At - tries[0].At, TimeSpan.FromHours(3.5), TimeSpan.FromHours(4));
        Assert.Equal(dropped, log[^1]);
    }

    private Task WorkerProcessesAsync(Func<OutlookSync.Sync.InboundChange, bool> match, string what)
    {
        var subscriptionId = world.Subscription!.Id;
        return Eventually.UntilMatchesAsync(
            () =>
            {
                var processed = world.ServiceNodes.SelectMany(n => n.Journal.Processed).ToList();
                return Task.FromResult(processed.Any(p => p.Job.SubscriptionId == subscriptionId && p.Job.Changes.Any(match))
                    ? null
                    : processed.Count == 0 ? "no job processed at all"
                    : string.Join("; ", processed.TakeLast(8).Select(p => $"subscription {p.Job.SubscriptionId}: {string.Join(", ", p.Job.Changes.Select(c => c.LifecycleEvent ?? $"{c.ChangeType} {c.ResourceId}"))}")));
            },
            $"a worker to process {what} for subscription {subscriptionId}");
    }

    /// <summary>Asks the broker.</summary>
    [Then("{string} holds {int} message(s) and has {int} consumer(s)")]
    public async Task ThenTheQueueHolds(string queue, int messages, int consumers)
    {
        // Workers attach asynchronously after they start: wait for the state rather than sample it once.
        var broker = await world.BrokerAsync();
        (uint Messages, uint Consumers) last = default;
        try
        {
            await Eventually.UntilAsync(
                async () => (last = await broker.InspectQueueAsync(queue)) == ((uint)messages, (uint)consumers) ? "reached" : null,
                $"{queue} to hold {messages} message(s) with {consumers} consumer(s)");
        }
        catch (TimeoutException)
        {
            Assert.Equal((messages, consumers), ((int)last.Messages, (int)last.Consumers));
        }
    }
}
