using System.Threading.Channels;
using GraphSimulator.Calendars;
using GraphSimulator.Subscriptions;

namespace GraphSimulator.Notifications;

/// <summary>
/// Turns every committed calendar change into change notifications for the live subscriptions on that
/// mailbox, delivered in the background (the API call that made the change does not wait for webhooks).
/// </summary>
public sealed class ChangeNotifier(CalendarStore calendars, SubscriptionStore subscriptions, NotificationSender sender, ILogger<ChangeNotifier> logger) : BackgroundService
{
    private readonly Channel<CalendarChange> _changes = Channel.CreateUnbounded<CalendarChange>();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        calendars.Changed += change => _changes.Writer.TryWrite(change);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in _changes.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var subscription in subscriptions.All().Where(s => Wants(s, change)))
            {
                try
                {
                    await sender.SendChangeAsync(subscription, change.ChangeType, change.EventId, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Delivering {ChangeType} of {EventId} to subscription {SubscriptionId} failed", change.ChangeType, change.EventId, subscription.Id);
                }
            }
        }
    }

    private static bool Wants(Subscription subscription, CalendarChange change) =>
        string.Equals(subscription.MailboxId, change.MailboxId, StringComparison.OrdinalIgnoreCase)
        && subscription.ChangeType.Split(',', StringSplitOptions.TrimEntries).Contains(change.ChangeType, StringComparer.Ordinal);
}
