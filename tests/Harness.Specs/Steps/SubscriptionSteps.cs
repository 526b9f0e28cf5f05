using System.Net.Http.Json;
using System.Text.Json;
using Harness.Specs.Support;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Reqnroll;
using Xunit;
using Harness.Gherkin.Steps;

namespace Harness.Specs.Steps;

[Binding]
public sealed class SubscriptionSteps(ScenarioWorld world)
{
    private static readonly Dictionary<string, ValidationAnswer> Answers = new(StringComparer.Ordinal)
    {
        ["the token exactly"] = ValidationAnswer.ExactToken,
        ["the token still URL-encoded"] = ValidationAnswer.TokenStillUrlEncoded,
        ["the token cut at its first space"] = ValidationAnswer.TokenCutAtFirstSpace,
        ["an empty body"] = ValidationAnswer.EmptyBody,
        ["the token with HTTP 202"] = ValidationAnswer.TokenWithStatus202,
        ["the token as JSON"] = ValidationAnswer.TokenAsJson,
        ["no answer at all"] = ValidationAnswer.NeverAnswers,
    };

    private NotificationEndpointStub? _stub;

    /// <summary>A stand-in endpoint; answers: `the token exactly`, `the token still URL-encoded`, `the token cut at its first space`, `an empty body`, `the token with HTTP 202`, `the token as JSON`, `no answer at all`.</summary>
    [Given("a notification endpoint that answers the validation with {}")]
    public async Task GivenAStubEndpoint(string answer)
    {
        if (!Answers.TryGetValue(answer, out var mode))
        {
            throw new ArgumentException($"Unknown answer '{answer}'. Known: {string.Join(", ", Answers.Keys)}");
        }

        _stub = await NotificationEndpointStub.StartAsync(mode);
        world.Stubs.Add(_stub);
    }

    /// <summary>Graph SDK → simulator `POST /subscriptions`.</summary>
    [When("a subscription to {string} expiring in {int} minutes is requested for the service webhook")]
    public Task WhenRequestedForTheService(string resource, int minutes) =>
        RequestAsync(resource, minutes, world.Service.WebhookUrl);

    /// <summary>Graph SDK → simulator `POST /subscriptions` for the stand-in endpoint (which answers the validation as the scenario set it up); success or refusal is kept for the next Then step.</summary>
    [When("a subscription to {string} expiring in {int} minutes is requested for that endpoint")]
    public Task WhenRequestedForTheStub(string resource, int minutes) =>
        RequestAsync(resource, minutes, (_stub ?? throw new InvalidOperationException("No stand-in endpoint in this scenario.")).Url);

    /// <summary>The same, and it must succeed.</summary>
    [StepWaits(Waits.UntilHappened)]
    [Given("a subscription to {string} for the service webhook")]
    public async Task GivenASubscription(string resource)
    {
        await RequestAsync(resource, 4230, world.Service.WebhookUrl);
        world.Subscription = await world.PendingSubscription!.WaitAsync(Eventually.DefaultTimeout);
        Assert.NotNull(world.Subscription?.Id);
    }

    /// <summary>The stand-in endpoint refuses notifications.</summary>
    [Given("the endpoint fails every notification with HTTP {int}")]
    public void GivenTheEndpointFailsNotifications(int status) =>
        (_stub ?? throw new InvalidOperationException("No stand-in endpoint in this scenario.")).NotificationStatus = status;

    /// <summary>App-only subscription with a lifecycle URL.</summary>
    [Given("the app subscribes to the room {string} for the service webhook, expiring in {int} minutes")]
    public Task GivenTheAppSubscribesForTheService(string room, int minutes) =>
        AppSubscribesAsync(room, minutes, world.Service.WebhookUrl);

    /// <summary>An app-only subscription on the room's events for the stand-in endpoint, with a lifecycle URL; must succeed.</summary>
    [Given("the app subscribes to the room {string} for that endpoint, expiring in {int} minutes")]
    public Task GivenTheAppSubscribesForTheStub(string room, int minutes) =>
        AppSubscribesAsync(room, minutes, (_stub ?? throw new InvalidOperationException("No stand-in endpoint in this scenario.")).Url);

    /// <summary>PATCH renewals while time passes.</summary>
    [StepWaits(Waits.NotificationsPosted)]
    [When("the subscription is renewed for {int} minutes every {int} days for {int} simulated days")]
    public async Task WhenRenewedRegularly(int minutes, int everyDays, int totalDays)
    {
        var graph = await world.AppGraphAsync();
        for (var day = everyDays; day <= totalDays; day += everyDays)
        {
            world.Clock.Advance(TimeSpan.FromDays(everyDays));
            await world.SettleAsync();
            await graph.Subscriptions[world.Subscription!.Id].PatchAsync(new Subscription { ExpirationDateTime = world.Clock.GetUtcNow().AddMinutes(minutes) });
        }
    }

    /// <summary>`GET /subscriptions/{id}`.</summary>
    [Then("the subscription is gone")]
    public async Task ThenTheSubscriptionIsGone()
    {
        var error = await Assert.ThrowsAsync<ODataError>(() => world.AppGraphAsync().ContinueWith(t => t.Result.Subscriptions[world.Subscription!.Id].GetAsync()).Unwrap());
        Assert.Equal(404, error.ResponseStatusCode);
    }

    /// <summary>`GET /subscriptions/{id}`.</summary>
    [Then("the subscription is still active")]
    public async Task ThenTheSubscriptionIsActive()
    {
        var current = await (await world.AppGraphAsync()).Subscriptions[world.Subscription!.Id].GetAsync();
        Assert.True(current!.ExpirationDateTime > world.Clock.GetUtcNow(), "the subscription should expire in the future");
    }

    /// <summary>Subscriptions at Graph.</summary>
    [Then("the calendar's subscription is the same one and expires more than {int} day(s) from now")]
    public async Task ThenSameSubscriptionRenewed(int days)
    {
        var listed = Assert.Single((await (await world.AppGraphAsync()).Subscriptions.GetAsync())!.Value!);
        Assert.Equal(world.Subscription!.Id, listed.Id);
        Assert.True(listed.ExpirationDateTime > world.Clock.GetUtcNow().AddDays(days), $"expires {listed.ExpirationDateTime}, now {world.Clock.GetUtcNow()}");
    }

    /// <summary>From the simulator's renewal log: each PATCH came while the subscription was alive and at most 2 days from its expiry.</summary>
    [Then("every renewal of the calendar's subscription came within {int} days of its expiry, {int} or more in all")]
    public async Task ThenEveryRenewalWithin(int days, int atLeast)
    {
        var renewals = await RenewalsAsync();
        Assert.True(renewals.Count >= atLeast, $"{renewals.Count} renewal(s), expected {atLeast} or more");
        SubscriptionRenewals.AssertEachWithin(renewals, days, "the subscription");
    }

    /// <summary>Seen by the service and by the simulator's log (not through the app's own sign-in, which may be what broke).</summary>
    [Then("the calendar's subscription was renewed to expire more than {int} day(s) from now")]
    public async Task ThenRenewedToExpire(int days)
    {
        var last = (await RenewalsAsync()).LastOrDefault();
        Assert.True(last.ValueKind == JsonValueKind.Object, "the subscription was never renewed");
        Assert.True(last.GetProperty("expirationDateTime").GetDateTimeOffset() > world.Clock.GetUtcNow().AddDays(days), $"last renewal: {last}");
    }

    private Task<List<JsonElement>> RenewalsAsync() => SubscriptionRenewals.OfAsync(world.Simulator, world.Subscription!.Id!);

    /// <summary>Subscriptions at Graph.</summary>
    [Then("the calendar has a new subscription at Graph")]
    public async Task ThenNewSubscription()
    {
        var listed = await Eventually.UntilAsync(
            async () => (await (await world.AppGraphAsync()).Subscriptions.GetAsync())!.Value!.FirstOrDefault(s => s.Id != world.Subscription!.Id),
            "a new subscription at Graph");
        world.Subscription = listed;
    }

    /// <summary>Subscriptions at Graph.</summary>
    [Then("the subscription expires {int} minutes from now")]
    public async Task ThenExpiresIn(int minutes)
    {
        // The renewal may still be under way in a worker: wait for it, then check the exact expiry.
        var graph = await world.AppGraphAsync();
        var (from, to) = (world.Clock.GetUtcNow().AddMinutes(minutes - 1), world.Clock.GetUtcNow().AddMinutes(minutes + 1));
        DateTimeOffset? last = null;
        try
        {
            await Eventually.UntilAsync(
                async () => (last = (await graph.Subscriptions[world.Subscription!.Id].GetAsync())!.ExpirationDateTime) >= from ? "renewed" : null,
                "the subscription's renewal");
        }
        catch (TimeoutException)
        {
            // Fall through to the assertion, which reports the expiry actually seen.
        }

        Assert.InRange(last!.Value, from, to);
    }

    /// <summary>201, and readable back.</summary>
    [Then("the subscription is created")]
    public async Task ThenTheSubscriptionIsCreated()
    {
        world.Subscription = await world.PendingSubscription!.WaitAsync(Eventually.DefaultTimeout);
        Assert.False(string.IsNullOrEmpty(world.Subscription?.Id), "Graph should answer 201 with the new subscription's id");
        var stored = await (await world.GraphAsync()).Subscriptions[world.Subscription!.Id].GetAsync();
        Assert.Equal(world.Subscription.ExpirationDateTime, stored!.ExpirationDateTime);
    }

    /// <summary>The SDK's `ODataError`, exact code and message.</summary>
    [Then("the subscription is refused with HTTP {int} {string}: {string}")]
    public async Task ThenTheSubscriptionIsRefused(int status, string code, string message)
    {
        var error = await Assert.ThrowsAsync<ODataError>(() => world.PendingSubscription!.WaitAsync(Eventually.DefaultTimeout));
        Assert.Equal(status, error.ResponseStatusCode);
        Assert.Equal(code, error.Error?.Code);
        Assert.Equal(message, error.Error?.Message);
    }

    /// <summary>`GET /subscriptions`.</summary>
    [Then("the simulator lists {int} subscription(s) for the service webhook")]
    public async Task ThenTheSimulatorListsForTheService(int count)
    {
        var listed = await (await world.GraphAsync()).Subscriptions.GetAsync();
        Assert.Equal(count, listed!.Value!.Count(s => s.NotificationUrl == world.Service.WebhookUrl.ToString()));
    }

    /// <summary>`GET /subscriptions` as the app (app-only) answers none.</summary>
    [Then("the simulator lists no subscriptions for the app")]
    public async Task ThenNoneForTheApp() =>
        Assert.Empty((await (await world.AppGraphAsync()).Subscriptions.GetAsync())!.Value!);

    /// <summary>`GET /subscriptions`.</summary>
    [Then("the simulator lists no subscriptions")]
    public async Task ThenTheSimulatorListsNone()
    {
        var listed = await (await world.GraphAsync()).Subscriptions.GetAsync();
        Assert.Empty(listed!.Value!);
    }

    private async Task AppSubscribesAsync(string room, int minutes, Uri url)
    {
        world.Subscription = await (await world.AppGraphAsync()).Subscriptions.PostAsync(new Subscription
        {
            ChangeType = "created,updated,deleted",
            Resource = $"users/{ScenarioWorld.Mailbox(room)}/events",
            NotificationUrl = url.ToString(),
            LifecycleNotificationUrl = url.ToString(),
            ExpirationDateTime = world.Clock.GetUtcNow().AddMinutes(minutes),
            ClientState = Guid.NewGuid().ToString("N"),
        });
        Assert.NotNull(world.Subscription?.Id);
    }

    private async Task RequestAsync(string resource, int minutes, Uri notificationUrl)
    {
        var request = new Subscription
        {
            ChangeType = "created,updated,deleted",
            Resource = resource,
            NotificationUrl = notificationUrl.ToString(),
            ExpirationDateTime = world.Clock.GetUtcNow().AddMinutes(minutes),
            ClientState = Guid.NewGuid().ToString("N"),
        };
        var graph = await world.GraphAsync();
        world.PendingSubscription = graph.Subscriptions.PostAsync(request);

        // Return once Graph is calling the endpoint (or already answered), so a later step may move the clock.
        await Eventually.UntilAsync(
            () => world.PendingSubscription.IsCompleted || _stub?.ValidationRequests > 0,
            "the simulator to call the notification endpoint");
    }
}
