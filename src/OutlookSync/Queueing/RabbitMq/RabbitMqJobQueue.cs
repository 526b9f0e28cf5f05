using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace OutlookSync.Queueing.RabbitMq;

/// <summary>
/// Jobs on RabbitMQ: persistent messages published with confirms (the relay deletes an outbox row only
/// after the broker has the job) and consumed with manual acknowledgement after the handler has committed.
/// </summary>
public sealed class RabbitMqJobQueue(RabbitMqConnectionProvider connections, TimeProvider time, Diagnostics.Telemetry.ServiceMetrics metrics, ILogger<RabbitMqJobQueue> logger) : IJobQueue, IAsyncDisposable
{
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private readonly SemaphoreSlim _inspectGate = new(1, 1);
    private readonly ConcurrentDictionary<string, bool> _declared = new(StringComparer.Ordinal);
    private IChannel? _publishChannel;
    private IChannel? _inspectChannel;

    /// <summary>Durable queues and persistent messages: a confirmed job survives a broker restart.</summary>
    public bool KeepsJobsDurably => true;

    /// <summary>
    /// Publishes and waits for the broker's confirm. Publishes overlap: only opening the channel and declaring the
    /// queue take turns, while the client tracks each publish's confirm by its sequence number.
    /// </summary>
    public async Task PublishAsync(string queue, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        try
        {
            var channel = await PublishChannelAsync(queue, cancellationToken);
            var properties = new BasicProperties
            {
                Persistent = true,
                ContentType = "application/json",
                MessageId = Guid.NewGuid().ToString("N"),
                Timestamp = new AmqpTimestamp(time.GetUtcNow().ToUnixTimeSeconds()),
                Headers = new Dictionary<string, object?>(),
            };
            Diagnostics.Telemetry.ServiceTelemetry.Inject(properties.Headers);
            await channel.BasicPublishAsync(exchange: "", routingKey: queue, mandatory: true, basicProperties: properties, body: body, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is PublishException or AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // Unroutable (the queue was deleted): declare it again on the next attempt.
            _declared.TryRemove(queue, out _);
            AmqpErrors.ThrowIfFatal(ex, connections.Options);
            throw new QueueUnavailableException($"RabbitMQ at {connections.Options.SafeUrl} did not accept the job for {queue}: {ex.Message}", ex);
        }
    }

    private async Task<IChannel> PublishChannelAsync(string queue, CancellationToken cancellationToken)
    {
        await _publishGate.WaitAsync(cancellationToken);
        try
        {
            _publishChannel = await OpenAsync(_publishChannel, new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            await EnsureDeclaredAsync(_publishChannel, queue, cancellationToken);
            return _publishChannel;
        }
        finally
        {
            _publishGate.Release();
        }
    }

    public async Task<IQueueConsumer> StartConsumerAsync(string queue, Func<ReadOnlyMemory<byte>, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(cancellationToken);
        IChannel? channel = null;
        try
        {
            var concurrency = Math.Max((ushort)1, Math.Min(connections.Options.Concurrency, connections.Options.Prefetch));
            channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false, consumerDispatchConcurrency: concurrency), cancellationToken);
            await QueueTopology.DeclareAsync(channel, queue, connections.Options.DeliveryLimit, cancellationToken);
            await channel.BasicQosAsync(0, connections.Options.Prefetch, global: false, cancellationToken);
            var consumer = new Consumer(connection, channel, queue, handler, connections.Options.DeliveryLimit, metrics, logger);
            await consumer.StartAsync(cancellationToken);
            logger.LogInformation("Consuming {Queue} on {Broker}", queue, connections.Options.SafeUrl);
            return consumer;
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }

            AmqpErrors.ThrowIfFatal(ex, connections.Options);
            throw new QueueUnavailableException($"Cannot consume {queue} on RabbitMQ at {connections.Options.SafeUrl}: {ex.Message}", ex);
        }
    }

    /// <summary>A passive declare on one reused channel; the queues are declared once per process.</summary>
    public async Task<QueueState> InspectAsync(string queue, CancellationToken cancellationToken)
    {
        await _inspectGate.WaitAsync(cancellationToken);
        try
        {
            _inspectChannel = await OpenAsync(_inspectChannel, null, cancellationToken);
            // A dead-letter queue is declared with its working queue.
            await EnsureDeclaredAsync(_inspectChannel, QueueNames.WorkingQueueOf(queue) ?? queue, cancellationToken);
            var state = await _inspectChannel.QueueDeclarePassiveAsync(queue, cancellationToken);
            return new QueueState(queue, state.MessageCount, state.ConsumerCount);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            AmqpErrors.ThrowIfFatal(ex, connections.Options);
            throw new QueueUnavailableException($"Cannot inspect {queue} on RabbitMQ at {connections.Options.SafeUrl}: {ex.Message}", ex);
        }
        finally
        {
            _inspectGate.Release();
        }
    }

    /// <summary>The channel while it is open (or being recovered with its connection); a new one once it is closed for good.</summary>
    private async Task<IChannel> OpenAsync(IChannel? current, CreateChannelOptions? options, CancellationToken cancellationToken)
    {
        var connection = await connections.GetAsync(cancellationToken);
        if (current is { IsOpen: true })
        {
            return current;
        }

        if (current is not null)
        {
            await current.DisposeAsync();
        }

        return await connection.CreateChannelAsync(options, cancellationToken);
    }

    private async Task EnsureDeclaredAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        if (!_declared.ContainsKey(queue))
        {
            await QueueTopology.DeclareAsync(channel, queue, connections.Options.DeliveryLimit, cancellationToken);
            _declared[queue] = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in new[] { _publishChannel, _inspectChannel })
        {
            if (channel is not null)
            {
                await channel.DisposeAsync();
            }
        }

        _publishGate.Dispose();
        _inspectGate.Dispose();
    }

    /// <summary>
    /// One consumer on its own channel. Automatic recovery re-registers it after a connection loss; it is
    /// "lost" only when the connection is back (or closed for good) and it still is not running.
    /// </summary>
    private sealed class Consumer(IConnection connection, IChannel channel, string queue, Func<ReadOnlyMemory<byte>, CancellationToken, Task> handler, int deliveryLimit, Diagnostics.Telemetry.ServiceMetrics metrics, ILogger logger) : IQueueConsumer
    {
        private readonly AsyncEventingBasicConsumer _consumer = new(channel);

        // The jobs in hand on the channel as it is now: cancelled when the channel closes or the consumer stops.
        private CancellationTokenSource _inHand = new();
        private string? _tag;
        private string? _cancelledBecause;

        public bool IsRunning => _consumer.IsRunning && channel.IsOpen;

        public string? LostBecause =>
            IsRunning ? null
            : _cancelledBecause is not null ? _cancelledBecause
            : connection.IsOpen ? $"its channel was closed ({channel.CloseReason?.ReplyText ?? "unknown reason"})"
            : connection.CloseReason is { } reason && !AmqpErrors.IsRecoverable(reason) ? $"the connection was closed ({reason.ReplyText})"
            : null;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _consumer.ReceivedAsync += OnReceivedAsync;
            channel.ChannelShutdownAsync += AbandonJobsInHandAsync;
            _consumer.UnregisteredAsync += (_, _) =>
            {
                _cancelledBecause ??= "the broker cancelled it (queue deleted?)";
                return Task.CompletedTask;
            };
            _consumer.RegisteredAsync += (_, _) =>
            {
                _cancelledBecause = null;
                return Task.CompletedTask;
            };
            _tag = await channel.BasicConsumeAsync(queue, autoAck: false, _consumer, cancellationToken);
        }

        private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
        {
            using var processing = Diagnostics.Telemetry.ServiceTelemetry.StartProcess(queue, delivery.BasicProperties.Headers);
            var inHand = Volatile.Read(ref _inHand).Token;
            try
            {
                await handler(delivery.Body, inHand);
            }
            catch (OperationCanceledException) when (inHand.IsCancellationRequested)
            {
                processing?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "stopped");
                logger.LogInformation("Job on {Queue} stopped before it finished (the worker is stopping or lost its channel); the broker will deliver it again", queue);
                await SettleAsync(() => channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None).AsTask());
                return;
            }
            catch (Exception ex)
            {
                processing?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
                // The quorum queue counts failed deliveries in x-delivery-count and dead-letters past the limit.
                if (delivery.BasicProperties.Headers?.TryGetValue("x-delivery-count", out var count) == true && Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture) + 1 > deliveryLimit)
                {
                    metrics.Job(queue, "dead_lettered");
                }

                logger.LogWarning(ex, "Job on {Queue} failed (redelivered {Redelivered}); returning it to the queue", queue, delivery.Redelivered);
                await SettleAsync(() => channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None).AsTask());
                return;
            }

            await SettleAsync(() => channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None).AsTask());
        }

        /// <summary>
        /// A job whose channel closed (connection lost, broker gone, node aborted) can no longer be acknowledged: the broker
        /// has put it back for another worker already. It stops now rather than finish for nothing, which would also hold
        /// up the channel's shutdown and so the connection's recovery (RabbitMQ.Client waits for running handlers).
        /// </summary>
        private Task AbandonJobsInHandAsync(object? sender, ShutdownEventArgs args) =>
            Interlocked.Exchange(ref _inHand, new CancellationTokenSource()).CancelAsync();

        /// <summary>A job settled while the connection was down is redelivered by the broker; its handler is idempotent.</summary>
        private async Task SettleAsync(Func<Task> settle)
        {
            try
            {
                await settle();
            }
            catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or IOException)
            {
                logger.LogInformation("Could not settle a job on {Queue} ({Reason}); the broker will deliver it again", queue, ex.Message);
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (channel.IsOpen && _tag is not null)
                {
                    await channel.BasicCancelAsync(_tag);
                }

                // Jobs in hand go back to the queue now, for another worker (handlers are idempotent), rather than the
                // channel's close waiting for them until the host's shutdown timeout gives up (30 s by default).
                await Volatile.Read(ref _inHand).CancelAsync();
                if (channel.IsOpen)
                {
                    await channel.CloseAsync();
                }
            }
            catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or IOException)
            {
                // The broker is gone already; unacknowledged jobs return to the queue by themselves.
            }
            finally
            {
                channel.ChannelShutdownAsync -= AbandonJobsInHandAsync;
                await Volatile.Read(ref _inHand).CancelAsync();
                await channel.DisposeAsync();
            }
        }
    }
}
