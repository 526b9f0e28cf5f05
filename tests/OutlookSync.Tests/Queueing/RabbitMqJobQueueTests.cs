using System.Text;
using System.Threading.Channels;
using Harness.Testing.RabbitMq;
using Harness.Testing.Waiting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OutlookSync.Queueing;
using OutlookSync.Queueing.RabbitMq;
using Xunit;

namespace OutlookSync.Tests.Queueing;

/// <summary>The RabbitMQ transport against a real broker, each test in a virtual host of its own.</summary>
public sealed class RabbitMqJobQueueTests : IAsyncLifetime
{
    private VirtualHost _vhost = null!;
    private RabbitMqConnectionProvider _connections = null!;
    private RabbitMqJobQueue _queue = null!;

    public async Task InitializeAsync()
    {
        _vhost = await (await RabbitMqBroker.SharedAsync()).CreateVirtualHostAsync();
        _connections = new RabbitMqConnectionProvider(
            Options.Create(new RabbitMqOptions { Url = _vhost.AmqpUrl.ToString(), DeliveryLimit = 2 }),
            TimeProvider.System, NullLogger<RabbitMqConnectionProvider>.Instance);
        _queue = new RabbitMqJobQueue(_connections, TimeProvider.System, Harness.Testing.TestMetrics.Create(), NullLogger<RabbitMqJobQueue>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _queue.DisposeAsync();
        await _connections.DisposeAsync();
        await _vhost.DisposeAsync();
    }

    [Fact]
    public async Task A_published_job_waits_durably_until_a_consumer_takes_and_acknowledges_it()
    {
        await _queue.PublishAsync("jobs", "hello"u8.ToArray(), CancellationToken.None);
        Assert.Equal((1u, 0u), await _vhost.InspectQueueAsync("jobs"));

        var received = Channel.CreateUnbounded<string>();
        await using (await _queue.StartConsumerAsync("jobs", (body, _) => received.Writer.WriteAsync(Encoding.UTF8.GetString(body.Span)).AsTask(), CancellationToken.None))
        {
            Assert.Equal("hello", await received.Reader.ReadAsync().AsTask().WaitAsync(Eventually.DefaultTimeout));
            await Eventually.UntilAsync<object>(async () => (await _vhost.InspectQueueAsync("jobs")).Messages == 0 ? true : null, "the acknowledged job to leave the queue");
        }
    }

    [Fact]
    public async Task A_job_in_hand_stops_as_soon_as_the_broker_drops_the_connection_and_is_delivered_again_after_recovery()
    {
        await _queue.PublishAsync("jobs", "slow"u8.ToArray(), CancellationToken.None);
        var deliveries = 0;
        var abandoned = new TaskCompletionSource();
        var done = new TaskCompletionSource();

        await using (await _queue.StartConsumerAsync("jobs", async (_, cancellation) =>
        {
            if (Interlocked.Increment(ref deliveries) == 1)
            {
                // The first delivery waits for a Graph that never answers: only the channel closing can end it.
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellation);
                }
                finally
                {
                    abandoned.TrySetResult();
                }
            }

            done.TrySetResult();
        }, CancellationToken.None))
        {
            await Eventually.UntilAsync(() => Volatile.Read(ref deliveries) == 1, "the job to be in hand");
            await _vhost.CloseConnectionsAsync();

            await abandoned.Task.WaitAsync(Eventually.DefaultTimeout);
            await done.Task.WaitAsync(Eventually.DefaultTimeout);
            await Eventually.UntilAsync<object>(async () => (await _vhost.InspectQueueAsync("jobs")).Messages == 0 ? true : null, "the job, done the second time, to leave the queue");
        }

        Assert.Equal(2, deliveries);
    }

    [Fact]
    public async Task A_job_whose_handler_keeps_failing_is_dead_lettered_after_the_delivery_limit()
    {
        await _queue.PublishAsync("jobs", "poison"u8.ToArray(), CancellationToken.None);
        var attempts = 0;

        await using (await _queue.StartConsumerAsync("jobs", (_, _) =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("handler always fails");
        }, CancellationToken.None))
        {
            await Eventually.UntilAsync<object>(async () => (await _vhost.InspectQueueAsync(QueueNames.DeadLetter("jobs"))).Messages == 1 ? true : null, "the poison job in jobs.dead");
        }

        Assert.Equal(3, attempts);
        Assert.Equal(0u, (await _vhost.InspectQueueAsync("jobs")).Messages);
    }

    [Fact]
    public async Task Publishing_to_an_unreachable_broker_fails_clearly_without_revealing_the_password()
    {
        await using var connections = new RabbitMqConnectionProvider(
            Options.Create(new RabbitMqOptions { Url = "amqp://guest:s3cret-pw@127.0.0.1:1/" }),
            TimeProvider.System, NullLogger<RabbitMqConnectionProvider>.Instance);
        await using var queue = new RabbitMqJobQueue(connections, TimeProvider.System, Harness.Testing.TestMetrics.Create(), NullLogger<RabbitMqJobQueue>.Instance);

        var error = await Assert.ThrowsAsync<QueueUnavailableException>(() => queue.PublishAsync("jobs", "x"u8.ToArray(), CancellationToken.None));

        Assert.Contains("unreachable", error.Message);
        Assert.DoesNotContain("s3cret-pw", error.Message);
    }

    [Fact]
    public async Task An_unknown_virtual_host_is_a_configuration_error_not_an_outage()
    {
        var url = new UriBuilder(_vhost.AmqpUrl) { Path = "/no-such-vhost" }.Uri.ToString();
        await using var connections = new RabbitMqConnectionProvider(Options.Create(new RabbitMqOptions { Url = url }), TimeProvider.System, NullLogger<RabbitMqConnectionProvider>.Instance);
        await using var queue = new RabbitMqJobQueue(connections, TimeProvider.System, Harness.Testing.TestMetrics.Create(), NullLogger<RabbitMqJobQueue>.Instance);

        var error = await Assert.ThrowsAsync<QueueMisconfiguredException>(() => queue.PublishAsync("jobs", "x"u8.ToArray(), CancellationToken.None));

        Assert.Contains("no-such-vhost", error.Message);
        Assert.Contains("Create the virtual host or correct RabbitMq:Url", error.Message);
    }

    [Fact]
    public async Task A_delivery_limit_that_differs_from_the_existing_queue_is_a_configuration_error_naming_the_setting()
    {
        await _queue.PublishAsync("jobs", "x"u8.ToArray(), CancellationToken.None);
        await using var connections = new RabbitMqConnectionProvider(
            Options.Create(new RabbitMqOptions { Url = _vhost.AmqpUrl.ToString(), DeliveryLimit = 7 }), TimeProvider.System, NullLogger<RabbitMqConnectionProvider>.Instance);
        await using var queue = new RabbitMqJobQueue(connections, TimeProvider.System, Harness.Testing.TestMetrics.Create(), NullLogger<RabbitMqJobQueue>.Instance);

        var error = await Assert.ThrowsAsync<QueueMisconfiguredException>(() => queue.StartConsumerAsync("jobs", (_, _) => Task.CompletedTask, CancellationToken.None));

        Assert.Contains("x-delivery-limit", error.Message);
        Assert.Contains("RabbitMq:DeliveryLimit", error.Message);
    }
}
