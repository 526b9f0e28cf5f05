using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace OutlookSync.Queueing.RabbitMq;

/// <summary>
/// Jobs on RabbitMQ: persistent messages published with confirms (the webhook answers Graph only after
/// the broker has the job) and consumed with manual acknowledgement after the handler has committed.
/// </summary>
public sealed class RabbitMqJobQueue(RabbitMqConnectionProvider connections, TimeProvider time, ILogger<RabbitMqJobQueue> logger) : IJobQueue, IAsyncDisposable
{
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private IChannel? _publishChannel;

    public async Task PublishAsync(string queue, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        await _publishGate.WaitAsync(cancellationToken);
        try
        {
            var channel = await PublishChannelAsync(cancellationToken);
            if (_declared.Add(queue))
            {
                await QueueTopology.DeclareAsync(channel, queue, connections.Options.DeliveryLimit, cancellationToken);
            }

            var properties = new BasicProperties
            {
                Persistent = true,
                ContentType = "application/json",
                MessageId = Guid.NewGuid().ToString("N"),
                Timestamp = new AmqpTimestamp(time.GetUtcNow().ToUnixTimeSeconds()),
            };
            await channel.BasicPublishAsync(exchange: "", routingKey: queue, mandatory: true, basicProperties: properties, body: body, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is PublishException or AlreadyClosedException or OperationInterruptedException or IOException)
        {
            _declared.Clear();
            throw new QueueUnavailableException($"RabbitMQ at {connections.Options.SafeUrl} did not accept the job for {queue}: {ex.Message}", ex);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    public async Task<IAsyncDisposable> StartConsumerAsync(string queue, Func<ReadOnlyMemory<byte>, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await QueueTopology.DeclareAsync(channel, queue, connections.Options.DeliveryLimit, cancellationToken);
        await channel.BasicQosAsync(0, connections.Options.Prefetch, global: false, cancellationToken);

        var stopping = new CancellationTokenSource();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            try
            {
                await handler(delivery.Body, stopping.Token);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Job on {Queue} failed (redelivered {Redelivered}); returning it to the queue", queue, delivery.Redelivered);
                if (channel.IsOpen)
                {
                    await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None);
                }
            }
        };
        var tag = await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
        logger.LogInformation("Consuming {Queue} on {Broker}", queue, connections.Options.SafeUrl);
        return new Consumer(channel, tag, stopping);
    }

    public async Task<QueueState> InspectAsync(string queue, CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await QueueTopology.DeclareAsync(channel, queue, connections.Options.DeliveryLimit, cancellationToken);
        var state = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        return new QueueState(queue, state.MessageCount, state.ConsumerCount);
    }

    private async Task<IChannel> PublishChannelAsync(CancellationToken cancellationToken)
    {
        if (_publishChannel is { IsOpen: true })
        {
            return _publishChannel;
        }

        _declared.Clear();
        var connection = await connections.GetAsync(cancellationToken);
        _publishChannel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        return _publishChannel;
    }

    public async ValueTask DisposeAsync()
    {
        if (_publishChannel is not null)
        {
            await _publishChannel.DisposeAsync();
        }

        _publishGate.Dispose();
    }

    private sealed class Consumer(IChannel channel, string tag, CancellationTokenSource stopping) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (channel.IsOpen)
                {
                    await channel.BasicCancelAsync(tag);
                    await channel.CloseAsync();
                }
            }
            catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException)
            {
                // The broker is gone already; unacknowledged jobs return to the queue by themselves.
            }
            finally
            {
                await stopping.CancelAsync();
                stopping.Dispose();
                await channel.DisposeAsync();
            }
        }
    }
}
