using GraphSimulator.Notifications;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Xunit;

namespace GraphSimulator.Tests.Subscriptions;

/// <summary>Graph posts several notifications at once, but one subscription's one after another, in order.</summary>
public sealed class DeliveryConcurrencyTests : SimulatorTest
{
    private static readonly string Berlin = $"room.berlin@{DemoTenant.Domain}";
    private static readonly string Amsterdam = $"room.amsterdam@{DemoTenant.Domain}";
    private NotificationEndpointStub _endpoint = null!;
    private GraphServiceClient _app = null!;

    protected override async Task StartedAsync()
    {
        _endpoint = await NotificationEndpointStub.StartAsync(ValidationAnswer.ExactToken);
        _app = Demo.AppOnly();
    }

    protected override async Task StoppingAsync()
    {
        _endpoint.ReleaseNotifications();
        await _endpoint.DisposeAsync();
    }

    [Fact]
    public async Task Notifications_of_different_subscriptions_are_posted_at_the_same_time()
    {
        await SubscribeAsync(Berlin);
        await SubscribeAsync(Amsterdam);
        _endpoint.HoldNotifications();

        await BookAsync(Berlin, "Berlin meeting");
        await BookAsync(Amsterdam, "Amsterdam meeting");

        // Neither is answered yet: a simulator that posts one at a time never has both under way.
        await Eventually.UntilAsync(() => _endpoint.HeldNotifications.Count == 2, "both rooms' notifications to be under way at once");
        _endpoint.ReleaseNotifications();
        await Eventually.UntilAsync(() => Simulator.Services.GetRequiredService<DeliveryScheduler>().IsIdle, "deliveries to settle");
        Assert.Equal(2, _endpoint.Notifications.Count);
    }

    [Fact]
    public async Task A_subscriptions_second_notification_waits_until_its_first_is_answered()
    {
        var berlin = await SubscribeAsync(Berlin);
        var amsterdam = await SubscribeAsync(Amsterdam);
        _endpoint.HoldNotifications();
        var first = await BookAsync(Berlin, "First");
        await Eventually.UntilAsync(() => _endpoint.HeldNotifications.Count == 1, "Berlin's first notification to be under way");

        var second = await BookAsync(Berlin, "Second");
        await BookAsync(Amsterdam, "Elsewhere");

        // Amsterdam's notification was made ready after Berlin's second: once it is under way, Berlin's second has been
        // taken too, and must be waiting behind the first rather than posted beside it.
        await Eventually.UntilAsync(() => _endpoint.HeldNotifications.Any(n => n.Contains(amsterdam.Id!, StringComparison.Ordinal)), "Amsterdam's notification to be under way");
        var held = _endpoint.HeldNotifications;
        Assert.Equal(2, held.Count);
        Assert.Single(held, n => n.Contains(first, StringComparison.Ordinal));
        _endpoint.ReleaseNotifications();
        await Eventually.UntilAsync(() => Simulator.Services.GetRequiredService<DeliveryScheduler>().IsIdle, "deliveries to settle");
        var berlinOrder = _endpoint.Notifications.Where(n => n.Contains(berlin.Id!, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, berlinOrder.Count);
        Assert.Contains(first, berlinOrder[0], StringComparison.Ordinal);
        Assert.Contains(second, berlinOrder[1], StringComparison.Ordinal);
    }

    private async Task<Subscription> SubscribeAsync(string room) =>
        (await _app.Subscriptions.PostAsync(EventsSubscription($"users/{room}/events", _endpoint.Url)))!;

    /// <summary>An event written straight into the room's calendar; its id.</summary>
    private async Task<string> BookAsync(string room, string subject)
    {
        var start = Clock.GetUtcNow().AddDays(1);
        var created = await _app.Users[room].Events.PostAsync(new Event
        {
            Subject = subject,
            Start = new DateTimeTimeZone { DateTime = start.ToString("yyyy-MM-ddTHH:mm:ss"), TimeZone = "UTC" },
            End = new DateTimeTimeZone { DateTime = start.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ss"), TimeZone = "UTC" },
        });
        return created!.Id!;
    }
}
