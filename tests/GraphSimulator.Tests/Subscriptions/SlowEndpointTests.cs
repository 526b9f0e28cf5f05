using GraphSimulator.Notifications;
using GraphSimulator.Subscriptions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GraphSimulator.Tests.Subscriptions;

/// <summary>Graph's rules for slow notification endpoints, on the scheduler itself.</summary>
public sealed class SlowEndpointTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly DeliveryLog _log = new();
    private readonly DeliveryScheduler _scheduler;
    private readonly Subscription _subscription;

    public SlowEndpointTests()
    {
        _scheduler = new DeliveryScheduler(_clock, _log, NullLogger<DeliveryScheduler>.Instance);
        _subscription = new Subscription("s1", "users/room@x/events", "created", "https://receiver.example/hook", null, null,
            _clock.GetUtcNow().AddDays(2), "app", "app", "tenant", "room");
    }

    private void Answered(int count, TimeSpan elapsed)
    {
        for (var i = 0; i < count; i++)
        {
            var delivery = Delivery.ForChange(_subscription, "created", $"e{i}", _clock.GetUtcNow());
            _scheduler.Completed(delivery, new DeliveryAttempt("s1", "created", $"e{i}", _clock.GetUtcNow(), 202, "delivered", elapsed));
        }
    }

    private int ReadyNow()
    {
        var count = 0;
        while (_scheduler.Ready.TryRead(out _))
        {
            count++;
            _scheduler.Finished();
        }

        return count;
    }

    [Fact]
    public void Below_100_notifications_or_10_percent_slow_nothing_is_held_back()
    {
        Answered(91, TimeSpan.FromMilliseconds(100));
        Answered(9, TimeSpan.FromSeconds(3));

        _scheduler.Enqueue(Delivery.ForChange(_subscription, "created", "next", _clock.GetUtcNow()));

        Assert.Equal(1, ReadyNow());
    }

    [Fact]
    public void At_10_percent_slow_new_notifications_are_delayed_10_minutes()
    {
        Answered(88, TimeSpan.FromMilliseconds(100));
        Answered(12, TimeSpan.FromSeconds(3));

        _scheduler.Enqueue(Delivery.ForChange(_subscription, "created", "next", _clock.GetUtcNow()));
        Assert.Equal(0, ReadyNow());

        _clock.Advance(TimeSpan.FromMinutes(10));
        _scheduler.ReleaseDue();
        Assert.Equal(1, ReadyNow());
    }

    [Fact]
    public void At_15_percent_slow_new_notifications_are_dropped_until_the_counters_reset()
    {
        Answered(85, TimeSpan.FromMilliseconds(100));
        Answered(15, TimeSpan.FromSeconds(3));

        _scheduler.Enqueue(Delivery.ForChange(_subscription, "created", "dropped", _clock.GetUtcNow()));
        Assert.Equal(0, ReadyNow());
        Assert.StartsWith("dropped: slow endpoint", _log.Attempts.Last().Outcome);

        _clock.Advance(TimeSpan.FromMinutes(10));
        _scheduler.Enqueue(Delivery.ForChange(_subscription, "created", "after-reset", _clock.GetUtcNow()));
        Assert.Equal(1, ReadyNow());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(9, 30)]
    public void Retries_back_off_exponentially_up_to_30_minutes(int failedAttempts, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), DeliveryScheduler.Backoff(failedAttempts));
}
