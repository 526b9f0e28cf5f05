using System.Net;
using Harness.Testing.Apps;
using Harness.Testing.RabbitMq;
using Microsoft.Extensions.DependencyInjection;
using OutlookSync.Queueing;
using OutlookSync.Queueing.Outbox;
using Xunit;

namespace OutlookSync.Tests.Webhooks;

/// <summary>On RabbitMQ the webhook answers Graph on the broker's confirm: the job is queued without an outbox row.</summary>
public sealed class DirectHandOffTests : ServiceTest
{
    private VirtualHost _vhost = null!;

    protected override SyncServiceSettings Settings() => new(_vhost.AmqpUrl, "web", DataFolder);

    protected override async Task StartingAsync() => _vhost = await (await RabbitMqBroker.SharedAsync()).CreateVirtualHostAsync();

    protected override async Task StartedAsync() => await WebhookSeeds.SubscriptionsAsync(Service, active: true);

    protected override async Task StoppedAsync() => await _vhost.DisposeAsync();

    [Fact]
    public async Task A_notification_is_on_the_queue_when_graph_gets_its_202_and_never_passes_through_the_outbox()
    {
        using var http = new HttpClient { BaseAddress = Service.BaseAddress };

        var response = await WebhookSeeds.PostNotificationAsync(http, "1");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1u, (await _vhost.InspectQueueAsync(QueueNames.Inbound)).Messages);
        Assert.Equal(0, await Service.OutboxCountAsync());
        Assert.Equal(0, Service.Services.GetRequiredService<OutboxRelay>().Published);
    }
}

/// <summary>With the broker unreachable, the webhook stores the job in the outbox and still answers 202: nothing is lost.</summary>
public sealed class DirectHandOffWithoutBrokerTests : ServiceTest
{
    protected override SyncServiceSettings Settings() => new(new Uri($"amqp://guest:guest@127.0.0.1:{SyncServiceApp.FreePort()}/"), "web", DataFolder);

    protected override async Task StartedAsync() => await WebhookSeeds.SubscriptionsAsync(Service, active: true);

    [Fact]
    public async Task Notifications_go_to_the_outbox_and_are_answered_202()
    {
        using var http = new HttpClient { BaseAddress = Service.BaseAddress };

        foreach (var id in new[] { "1", "2" })
        {
            var response = await WebhookSeeds.PostNotificationAsync(http, id);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        Assert.Equal(2, await Service.OutboxCountAsync());
        Assert.Single(Service.Logs.Lines, l => l.Message.Contains("Notifications go through the outbox", StringComparison.Ordinal));
    }
}
