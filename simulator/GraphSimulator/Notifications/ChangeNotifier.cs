using GraphSimulator.Calendars;
using GraphSimulator.Subscriptions;

namespace GraphSimulator.Notifications;

/// <summary>Turns every committed calendar change into a change notification for each live subscription on that mailbox.</summary>
public sealed class ChangeNotifier(CalendarStore calendars, SubscriptionStore subscriptions, DeliveryScheduler scheduler, TimeProvider time) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        calendars.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        calendars.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(CalendarChange change)
    {
        foreach (var subscription in subscriptions.All().Where(s => Wants(s, change)))
        {
            scheduler.Enqueue(Delivery.ForChange(subscription, change.ChangeType, change.EventId, time.GetUtcNow(), change.ChangeKey));
        }
    }

    private static bool Wants(Subscription subscription, CalendarChange change) =>
        string.Equals(subscription.MailboxId, change.MailboxId, StringComparison.OrdinalIgnoreCase)
        && subscription.ChangeType.Split(',', StringSplitOptions.TrimEntries).Contains(change.ChangeType, StringComparer.Ordinal);
}
