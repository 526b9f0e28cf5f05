using GraphSimulator.Notifications;
using Harness.Testing.Waiting;
using Xunit;

namespace GraphSimulator.Tests.Subscriptions;

/// <summary>
/// What piles up for a subscription while its POST is under way, or while every delivery slot is taken, goes in
/// one POST, as Graph batches what is pending; in the order the changes were made.
/// </summary>
public sealed class DeliveryBatchingTests : DeliveryTest
{
    // One POST at a time over all subscriptions, so a second subscription's notifications wait for a slot.
    protected override IReadOnlyDictionary<string, string?>? Settings =>
        new Dictionary<string, string?>(Instant) { ["Simulator:DeliveryConcurrency"] = "1" };

    [Fact]
    public async Task Notifications_made_while_the_subscriptions_POST_is_under_way_go_together_in_its_next()
    {
        var berlin = await SubscribeAsync(Berlin);
        Endpoint.HoldNotifications();
        var first = await BookAsync(Berlin, "First");
        await Eventually.UntilAsync(() => Endpoint.HeldNotifications.Count == 1, "Berlin's first notification to be under way");

        var second = await BookAsync(Berlin, "Second");
        var third = await BookAsync(Berlin, "Third");
        await ReleaseWhenTakenAsync();

        var posts = Endpoint.Notifications.Where(n => n.Contains(berlin.Id!, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, posts.Count);
        Assert.Contains(first, posts[0], StringComparison.Ordinal);
        Assert.DoesNotContain(second, posts[0], StringComparison.Ordinal);
        Assert.True(posts[1].IndexOf(second, StringComparison.Ordinal) is >= 0 and var at && at < posts[1].IndexOf(third, StringComparison.Ordinal),
            $"the second POST carries the second change, then the third: {posts[1]}");
    }

    [Fact]
    public async Task Notifications_waiting_for_a_free_slot_go_together_when_it_frees()
    {
        await SubscribeAsync(Berlin);
        var amsterdam = await SubscribeAsync(Amsterdam);
        Endpoint.HoldNotifications();
        await BookAsync(Berlin, "Takes the only slot");
        await Eventually.UntilAsync(() => Endpoint.HeldNotifications.Count == 1, "Berlin's notification to take the only slot");

        var one = await BookAsync(Amsterdam, "One");
        var two = await BookAsync(Amsterdam, "Two");
        await ReleaseWhenTakenAsync();

        var post = Assert.Single(Endpoint.Notifications, n => n.Contains(amsterdam.Id!, StringComparison.Ordinal));
        Assert.Contains(one, post, StringComparison.Ordinal);
        Assert.Contains(two, post, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicated_notification_keeps_its_own_POST()
    {
        var berlin = await SubscribeAsync(Berlin);
        Endpoint.HoldNotifications();
        await BookAsync(Berlin, "First");
        await Eventually.UntilAsync(() => Endpoint.HeldNotifications.Count == 1, "Berlin's first notification to be under way");

        Scheduler.Behaviour = new DeliveryBehaviour(DeliveryMode.Duplicate, 1, TimeSpan.Zero, null);
        var twice = await BookAsync(Berlin, "Sent twice");
        await ReleaseWhenTakenAsync();

        var posts = Endpoint.Notifications.Where(n => n.Contains(berlin.Id!, StringComparison.Ordinal)).ToList();
        Assert.Equal(3, posts.Count);
        Assert.All(posts.Skip(1), post => Assert.Contains(twice, post, StringComparison.Ordinal));
    }

    /// <summary>Releases the held POST once the pump has taken every ready delivery, then waits until all are posted.</summary>
    private async Task ReleaseWhenTakenAsync()
    {
        await Eventually.UntilAsync(() => Scheduler.Ready.Count == 0, "the pump to take every ready notification");
        Endpoint.ReleaseNotifications();
        await Eventually.UntilAsync(() => Scheduler.IsIdle, "deliveries to settle");
    }
}
