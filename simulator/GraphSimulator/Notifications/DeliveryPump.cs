using Microsoft.Extensions.Options;

namespace GraphSimulator.Notifications;

/// <summary>
/// Posts ready notifications and reports each outcome back to the scheduler: several at once, as Graph posts in
/// parallel (<see cref="SimulatorOptions.DeliveryConcurrency"/>), but one at a time per subscription, so each
/// subscription's notifications arrive in the order they were made ready. What piles up for a subscription
/// meanwhile goes in its next POST.
/// </summary>
public sealed class DeliveryPump(DeliveryScheduler scheduler, NotificationSender sender, IOptions<SimulatorOptions> options, ILogger<DeliveryPump> logger) : BackgroundService
{
    // At most this many notifications in one POST (well under the size a receiver accepts).
    private const int MaxItemsPerPost = 100;

    // Subscriptions with a POST under way or waiting for a slot, and their deliveries not yet taken.
    private readonly Dictionary<string, Queue<Delivery>> _busy = new(StringComparer.Ordinal);

    // Not disposed with the loop: POSTs still under way when it stops give their slot back afterwards.
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.DeliveryConcurrency));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Reads every ready delivery at once, even while all slots are taken: what waits for a slot waits in its
        // subscription's queue, where it can join the subscription's next POST.
        await foreach (var delivery in scheduler.Ready.ReadAllAsync(stoppingToken))
        {
            lock (_busy)
            {
                if (_busy.TryGetValue(delivery.SubscriptionId, out var behind))
                {
                    behind.Enqueue(delivery);
                    continue;
                }

                _busy[delivery.SubscriptionId] = new Queue<Delivery>([delivery]);
            }

            _ = PostInTurnAsync(delivery.SubscriptionId, stoppingToken);
        }
    }

    /// <summary>Once a slot is free, the subscription's deliveries until none is left, one POST at a time.</summary>
    private async Task PostInTurnAsync(string subscriptionId, CancellationToken stoppingToken)
    {
        try
        {
            await _slots.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return; // The simulator is stopping.
        }

        try
        {
            for (var delivery = Next(subscriptionId); delivery is not null; delivery = Next(subscriptionId))
            {
                await PostAsync(delivery, stoppingToken);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// The subscription's next POST: the notifications that piled up while it waited go together, as Graph batches
    /// what is pending for a notification URL, so a busy endpoint gets fewer, larger POSTs.
    /// </summary>
    private Delivery? Next(string subscriptionId)
    {
        lock (_busy)
        {
            var behind = _busy[subscriptionId];
            if (!behind.TryDequeue(out var next))
            {
                _busy.Remove(subscriptionId);
                return null;
            }

            var joined = new List<Delivery> { next };
            var items = next.Items.Count;
            while (next.Joinable && behind.TryPeek(out var more) && more.Joinable && items + more.Items.Count <= MaxItemsPerPost)
            {
                joined.Add(behind.Dequeue());
                items += more.Items.Count;

                // Read from the ready queue, now posted as part of another: the scheduler counts it done.
                scheduler.Finished();
            }

            return Delivery.Batch(joined);
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
