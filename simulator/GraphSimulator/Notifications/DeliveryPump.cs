using Microsoft.Extensions.Options;

namespace GraphSimulator.Notifications;

/// <summary>
/// Posts ready notifications and reports each outcome back to the scheduler: several at once, as Graph posts in
/// parallel (<see cref="SimulatorOptions.DeliveryConcurrency"/>), but one at a time per subscription, so each
/// subscription's notifications arrive in the order they were made ready.
/// </summary>
public sealed class DeliveryPump(DeliveryScheduler scheduler, NotificationSender sender, IOptions<SimulatorOptions> options, ILogger<DeliveryPump> logger) : BackgroundService
{
    // Subscriptions with a POST under way, and their deliveries that wait behind it.
    private readonly Dictionary<string, Queue<Delivery>> _busy = new(StringComparer.Ordinal);

    // Not disposed with the loop: POSTs still under way when it stops give their slot back afterwards.
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.DeliveryConcurrency));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var delivery in scheduler.Ready.ReadAllAsync(stoppingToken))
        {
            lock (_busy)
            {
                if (_busy.TryGetValue(delivery.SubscriptionId, out var behind))
                {
                    behind.Enqueue(delivery);
                    continue;
                }

                _busy[delivery.SubscriptionId] = new Queue<Delivery>();
            }

            await _slots.WaitAsync(stoppingToken);
            _ = PostInTurnAsync(delivery, stoppingToken);
        }
    }

    /// <summary>This delivery, then every one that queued behind it for the same subscription meanwhile.</summary>
    private async Task PostInTurnAsync(Delivery first, CancellationToken stoppingToken)
    {
        try
        {
            for (Delivery? delivery = first; delivery is not null; delivery = Next(first.SubscriptionId))
            {
                await PostAsync(delivery, stoppingToken);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    private Delivery? Next(string subscriptionId)
    {
        lock (_busy)
        {
            if (_busy[subscriptionId].TryDequeue(out var next))
            {
                return next;
            }

            _busy.Remove(subscriptionId);
            return null;
        }
    }

    private async Task PostAsync(Delivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            scheduler.Completed(delivery, await sender.AttemptAsync(delivery, stoppingToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Delivery {DeliveryId} failed unexpectedly", delivery.Id);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The simulator is stopping.
        }
        finally
        {
            scheduler.Finished();
        }
    }
}
