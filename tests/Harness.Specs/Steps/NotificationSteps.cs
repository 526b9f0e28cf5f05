using System.Net.Http.Json;
using GraphSimulator.Graph;
using GraphSimulator.Notifications;
using Harness.Specs.Support;
using Harness.Testing.Waiting;
using Reqnroll;
using Xunit;

namespace Harness.Specs.Steps;

[Binding]
public sealed class NotificationSteps(ScenarioWorld world)
{
    [When("Outlook reports the event {string} as {word}")]
    public async Task WhenOutlookReports(string eventId, string changeType)
    {
        var subscription = world.Subscription ?? throw new InvalidOperationException("No subscription in this scenario.");
        using var control = world.Simulator.CreateHttpClient();
        var response = await control.PostAsJsonAsync($"control/subscriptions/{subscription.Id}/notifications", new { changeType, resourceId = eventId });
        response.EnsureSuccessStatusCode();
        world.LastDelivery = await response.Content.ReadFromJsonAsync<DeliveryAttempt>(GraphJson.Options);
    }

    [Then("the webhook acknowledged the notification with HTTP {int}")]
    [Then("the webhook refused the notification with HTTP {int}")]
    public void ThenTheWebhookAnswered(int status) =>
        Assert.Equal(status, world.LastDelivery?.StatusCode);

    [Then("a worker processes the change to {string} for that subscription")]
    public async Task ThenAWorkerProcesses(string eventId)
    {
        var subscriptionId = world.Subscription!.Id;
        await Eventually.UntilAsync(
            () => world.ServiceNodes.SelectMany(n => n.Journal.Processed)
                .Any(p => p.Job.SubscriptionId == subscriptionId && p.Job.Changes.Any(c => c.ResourceId == eventId)),
            $"a worker to process the change to {eventId}");
    }

    [Then("{string} holds {int} message(s) and has {int} consumer(s)")]
    public async Task ThenTheQueueHolds(string queue, int messages, int consumers)
    {
        var broker = await world.BrokerAsync();
        var (ready, consuming) = await broker.InspectQueueAsync(queue);
        Assert.Equal((messages, consumers), ((int)ready, (int)consuming));
    }
}
