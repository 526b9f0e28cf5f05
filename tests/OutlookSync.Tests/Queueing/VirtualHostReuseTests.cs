using Harness.Testing.RabbitMq;
using RabbitMQ.Client;
using Xunit;

namespace OutlookSync.Tests.Queueing;

/// <summary>
/// The checklist's scenarios reuse each other's virtual hosts (the broker creates quorum queues slowly): a virtual
/// host comes back empty, or not at all.
/// </summary>
public sealed class VirtualHostReuseTests
{
    [Fact]
    public async Task A_virtual_host_given_back_comes_back_with_its_queues_and_without_their_messages()
    {
        var broker = await RabbitMqBroker.SharedAsync();
        var first = await broker.RentVirtualHostAsync();
        await PublishAsync(first, "left-over");

        await first.GiveBackAsync();
        await using var second = await broker.RentVirtualHostAsync();

        Assert.Equal(first.Name, second.Name);
        Assert.Equal((0u, 0u), await second.InspectQueueAsync("left-over"));
    }

    [Fact]
    public async Task A_virtual_host_still_consumed_is_deleted_instead_of_given_back()
    {
        var broker = await RabbitMqBroker.SharedAsync();
        var first = await broker.RentVirtualHostAsync();
        await PublishAsync(first, "still-consumed");
        await using var connection = await new ConnectionFactory { Uri = first.AmqpUrl }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicConsumeAsync("still-consumed", autoAck: false, new AsyncDefaultBasicConsumer(channel));

        await first.GiveBackAsync();
        await using var second = await broker.RentVirtualHostAsync();

        Assert.NotEqual(first.Name, second.Name);
    }

    private static async Task PublishAsync(VirtualHost vhost, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = vhost.AmqpUrl }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await channel.BasicPublishAsync("", queue, true, new BasicProperties { Persistent = true }, new byte[] { 1 });
        Assert.Equal(1u, (await vhost.InspectQueueAsync(queue)).Messages);
    }
}
