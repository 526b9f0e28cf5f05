using Harness.Testing.Waiting;
using Xunit;

namespace GraphSimulator.Tests.Subscriptions;

/// <summary>Graph posts several notifications at once, but one subscription's one after another, in order.</summary>
public sealed class DeliveryConcurrencyTests : DeliveryTest
{
    [Fact]
    public async Task Notifications_of_different_subscriptions_are_posted_at_the_same_time()
    {
        await SubscribeAsync(Berlin);
        await SubscribeAsync(Amsterdam);
        Endpoint.HoldNotifications();

        await BookAsync(Berlin, "Berlin meeting");
        await BookAsync(Amsterdam, "Amsterdam meeting");

        // Neither is answered yet: a simulator that posts one at a time never has both under way.
        await Eventually.UntilAsync(() => Endpoint.HeldNotifications.Count == 2, "both rooms' notifications to be under way at once");
        Endpoint.ReleaseNotifications();
        await Eventually.UntilAsync(() => Scheduler.IsIdle, "deliveries to settle");
        Assert.Equal(2, Endpoint.Notifications.Count);
    }

    [Fact]
    public async Task A_subscriptions_second_notification_waits_until_its_first_is_answered()
    {
        var berlin = await SubscribeAsync(Berlin);
        var amsterdam = await SubscribeAsync(Amsterdam);
        Endpoint.HoldNotifications();
        var first = await BookAsync(Berlin, "First");
        await Eventually.UntilAsync(() => Endpoint.HeldNotifications.Count == 1, "Berlin's first notification to be under way");

        var second = await BookAsync(Berlin, "Second");
        await BookAsync(Amsterdam, "Elsewhere");

        // Amsterdam's notification was made ready after Berlin's second: once it is under way, Berlin's second has been
        // taken too, and must be waiting behind the first rather than posted beside it.
        await Eventually.UntilAsync(() => Endpoint.HeldNotifications.Any(n => n.Contains(amsterdam.Id!, StringComparison.Ordinal)), "Amsterdam's notification to be under way");
        var held = Endpoint.HeldNotifications;
        Assert.Equal(2, held.Count);
        Assert.Single(held, n => n.Contains(first, StringComparison.Ordinal));
        Endpoint.ReleaseNotifications();
        await Eventually.UntilAsync(() => Scheduler.IsIdle, "deliveries to settle");
        var berlinOrder = Endpoint.Notifications.Where(n => n.Contains(berlin.Id!, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, berlinOrder.Count);
        Assert.Contains(first, berlinOrder[0], StringComparison.Ordinal);
        Assert.Contains(second, berlinOrder[1], StringComparison.Ordinal);
    }
}
