using RabbitMQ.Client;

namespace OutlookSync.Queueing.RabbitMq;

/// <summary>
/// Durable quorum queues with a delivery limit: a job that keeps failing is moved to "{queue}.dead"
/// instead of blocking the queue, and nothing is lost when a broker node restarts.
/// </summary>
public static class QueueTopology
{
    public static async Task DeclareAsync(IChannel channel, string queue, int deliveryLimit, CancellationToken cancellationToken)
    {
        await channel.QueueDeclareAsync(
            QueueNames.DeadLetter(queue), durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" },
            cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(
            queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?>
            {
                ["x-queue-type"] = "quorum",
                ["x-delivery-limit"] = deliveryLimit,
                ["x-dead-letter-exchange"] = "",
                ["x-dead-letter-routing-key"] = QueueNames.DeadLetter(queue),
            },
            cancellationToken: cancellationToken);
    }
}
