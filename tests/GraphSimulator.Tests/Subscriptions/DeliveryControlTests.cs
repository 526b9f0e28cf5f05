using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraphSimulator.Notifications;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Xunit;

namespace GraphSimulator.Tests.Subscriptions;

/// <summary>Lifecycle notifications, reauthorize, and the ways the control API makes delivery misbehave.</summary>
public sealed class DeliveryControlTests : SimulatorTest
{
    private NotificationEndpointStub _endpoint = null!;
    private GraphServiceClient _app = null!;
    private HttpClient _control = null!;

    protected override async Task StartedAsync()
    {
        _endpoint = await NotificationEndpointStub.StartAsync(ValidationAnswer.ExactToken);
        _app = Demo.AppOnly();
        _control = Simulator.CreateHttpClient();
    }

    protected override async Task StoppingAsync()
    {
        _control.Dispose();
        await _endpoint.DisposeAsync();
    }

    private async Task<Subscription> SubscribeAsync(bool lifecycle = true)
    {
        var subscription = EventsSubscription($"users/room.berlin@{DemoTenant.Domain}/events", _endpoint.Url, "cs");
        subscription.LifecycleNotificationUrl = lifecycle ? _endpoint.Url.ToString() : null;
        return (await _app.Subscriptions.PostAsync(subscription))!;
    }

    private async Task NotifyAsync(Subscription subscription, string resourceId) =>
        (await _control.PostAsJsonAsync($"control/subscriptions/{subscription.Id}/notifications", new { changeType = "updated", resourceId })).EnsureSuccessStatusCode();

    private Task SettleAsync() =>
        Eventually.UntilAsync(() => Simulator.Services.GetRequiredService<DeliveryScheduler>().IsIdle, "deliveries to settle");

    [Theory]
    [InlineData("missed")]
    [InlineData("reauthorizationRequired")]
    [InlineData("subscriptionRemoved")]
    public async Task Lifecycle_events_on_demand_reach_the_lifecycle_url(string lifecycleEvent)
    {
        var subscription = await SubscribeAsync();

        var response = await _control.PostAsJsonAsync($"control/subscriptions/{subscription.Id}/lifecycle", new { lifecycleEvent });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await Eventually.UntilAsync(() => Task.FromResult(_endpoint.Notifications.FirstOrDefault()), "the lifecycle notification");
        var item = JsonDocument.Parse(body).RootElement.GetProperty("value")[0];
        Assert.Equal(lifecycleEvent, item.GetProperty("lifecycleEvent").GetString());
        Assert.Equal(subscription.Id, item.GetProperty("subscriptionId").GetString());
        Assert.Equal("cs", item.GetProperty("clientState").GetString());
    }

    [Fact]
    public async Task Without_a_lifecycle_url_no_lifecycle_event_can_be_sent_and_PATCH_cannot_add_one()
    {
        var subscription = await SubscribeAsync(lifecycle: false);

        var lifecycle = await _control.PostAsJsonAsync($"control/subscriptions/{subscription.Id}/lifecycle", new { lifecycleEvent = "missed" });
        var patch = await Assert.ThrowsAsync<ODataError>(() => _app.Subscriptions[subscription.Id].PatchAsync(new Subscription { LifecycleNotificationUrl = _endpoint.Url.ToString() }));

        Assert.Equal(HttpStatusCode.BadRequest, lifecycle.StatusCode);
        Assert.Equal(400, patch.ResponseStatusCode);
    }

    [Fact]
    public async Task Reauthorize_answers_204_for_the_owner_and_404_for_an_unknown_subscription()
    {
        var subscription = await SubscribeAsync();

        await _app.Subscriptions[subscription.Id].Reauthorize.PostAsync();
        var unknown = await Assert.ThrowsAsync<ODataError>(() => _app.Subscriptions[Guid.NewGuid().ToString()].Reauthorize.PostAsync());

        Assert.Equal(404, unknown.ResponseStatusCode);
    }

    [Fact]
    public async Task Drop_duplicate_reorder_and_delay_behave_as_asked()
    {
        var subscription = await SubscribeAsync();
        var scheduler = Simulator.Services.GetRequiredService<DeliveryScheduler>();
        var stored = Simulator.Services.GetRequiredService<GraphSimulator.Subscriptions.SubscriptionStore>().Find(subscription.Id!)!;
        var meetings = async (params string[] ids) =>
        {
            foreach (var id in ids)
            {
                scheduler.Enqueue(Delivery.ForChange(stored, "updated", id, Clock.GetUtcNow()));
            }

            await SettleAsync();
        };
        string[] Received() => _endpoint.Notifications.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("value")[0].GetProperty("resourceData").GetProperty("id").GetString()!).ToArray();

        await Put(new { mode = "drop", count = 1 });
        await meetings("dropped", "kept");
        Assert.Equal(["kept"], Received());

        await Put(new { mode = "duplicate", count = 1 });
        await meetings("twice");
        Assert.Equal(["kept", "twice", "twice"], Received());

        await Put(new { mode = "reorder", count = 1 });
        await meetings("first", "second");
        Assert.Equal(["kept", "twice", "twice", "second", "first"], Received());

        await Put(new { mode = "delay", count = 1, delaySeconds = 600 });
        await meetings("late");
        Assert.DoesNotContain("late", Received());
        Clock.Advance(TimeSpan.FromMinutes(10));
        await SettleAsync();
        Assert.Equal("late", Received()[^1]);
    }

    [Fact]
    public async Task The_delivery_log_names_each_attempt_and_the_test_owned_clock_cannot_be_moved_from_outside()
    {
        var subscription = await SubscribeAsync();
        await NotifyAsync(subscription, "evt-1");

        var log = await _control.GetFromJsonAsync<JsonElement>($"control/deliveries?subscriptionId={subscription.Id}");
        var advance = await _control.PostAsJsonAsync("control/clock/advance", new { by = "3.00:00:00" });

        var attempt = Assert.Single(log.GetProperty("value").EnumerateArray());
        Assert.Equal("delivered", attempt.GetProperty("outcome").GetString());
        Assert.Equal(202, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, advance.StatusCode);
    }

    private async Task Put(object behaviour) =>
        (await _control.PutAsJsonAsync("control/deliveries/behaviour", behaviour)).EnsureSuccessStatusCode();
}
