namespace GraphSimulator.Notifications;

/// <summary>Posts ready notifications one after another and reports each outcome back to the scheduler.</summary>
public sealed class DeliveryPump(DeliveryScheduler scheduler, NotificationSender sender, ILogger<DeliveryPump> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var delivery in scheduler.Ready.ReadAllAsync(stoppingToken))
        {
            try
            {
                scheduler.Completed(delivery, await sender.AttemptAsync(delivery, stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Delivery {DeliveryId} failed unexpectedly", delivery.Id);
            }
            finally
            {
                scheduler.Finished();
            }
        }
    }
}
