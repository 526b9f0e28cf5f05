using GraphSimulator.Clock;
using GraphSimulator.Subscriptions;

namespace GraphSimulator.Notifications;

/// <summary>
/// Every simulated minute (and after every jump of the standalone clock): subscriptions about to expire are
/// challenged with reauthorizationRequired, expired ones are removed (with a subscriptionRemoved lifecycle
/// notification where they have a lifecycle URL), and due retries, batches and rooms' answers are released.
/// </summary>
public sealed class SimulatorTicker(TimeProvider time, SubscriptionStore subscriptions, DeliveryScheduler scheduler, Calendars.RoomAnswers rooms, Microsoft.Extensions.Options.IOptions<SimulatorOptions> options, ILogger<SimulatorTicker> logger) : IHostedService, IDisposable
{
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(_ => Tick(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        if (time is SimulatedClock clock)
        {
            clock.Advanced += Tick;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (time is SimulatedClock clock)
        {
            clock.Advanced -= Tick;
        }

        return Task.CompletedTask;
    }

    public void Tick()
    {
        var now = time.GetUtcNow();
        foreach (var expired in subscriptions.RemoveExpired())
        {
            logger.LogInformation("Subscription {SubscriptionId} on {Resource} expired at {Expiry}", expired.Id, expired.Resource, expired.ExpirationDateTime);
            scheduler.Forget(expired.Id);
            if (Delivery.ForLifecycle(expired, "subscriptionRemoved", now) is { } removed)
            {
                scheduler.Enqueue(removed);
            }
        }

        ChallengeExpiring(now);
        rooms.ReleaseDue();
        scheduler.ReleaseDue();
        scheduler.ReleaseInTransit();
    }

    /// <summary>reauthorizationRequired, once per expiry, to a subscription about to expire (it has a lifecycle URL).</summary>
    private void ChallengeExpiring(DateTimeOffset now)
    {
        var lead = options.Value.ReauthorizationLead;
        if (lead <= TimeSpan.Zero)
        {
            return;
        }

        foreach (var expiring in subscriptions.All().Where(s => s.ExpirationDateTime - now <= lead && s.ChallengedFor != s.ExpirationDateTime))
        {
            if (subscriptions.Replace(expiring with { ChallengedFor = expiring.ExpirationDateTime })
                && Delivery.ForLifecycle(expiring, "reauthorizationRequired", now) is { } challenge)
            {
                logger.LogInformation("Subscription {SubscriptionId} expires at {Expiry}: reauthorizationRequired", expiring.Id, expiring.ExpirationDateTime);
                scheduler.Enqueue(challenge);
            }
        }
    }

    public void Dispose() => _timer?.Dispose();
}
