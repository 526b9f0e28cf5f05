using System.Text.Json;
using GraphSimulator.Notifications;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Xunit;

namespace GraphSimulator.Tests.Subscriptions;

/// <summary>
/// Graph's timing with the simulator's default settings: a change is notified after a latency on the simulated
/// clock, and the changes of one subscription within it arrive in one POST with several items, as Graph batches them.
/// </summary>
public sealed class LatencyConformanceTests : SimulatorTest
{
    private static readonly string Amsterdam = $"room.amsterdam@{DemoTenant.Domain}";

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Simulator:NotificationLatency"] = "00:00:15",
        ["Simulator:RoomAnswerDelay"] = "00:00:00",
    };

    [Fact]
    public async Task Changes_within_the_latency_arrive_late_and_together_in_one_post()
    {
        var organizer = await Demo.SignedInAsync();
        await using var endpoint = await NotificationEndpointStub.StartAsync(ValidationAnswer.ExactToken);
        await Demo.AppOnly().Subscriptions.PostAsync(EventsSubscription($"users/{Amsterdam}/events", endpoint.Url));
        var scheduler = Simulator.Services.GetRequiredService<DeliveryScheduler>();

        foreach (var hour in new[] { 9, 11 })
        {
            await organizer.Me.Events.PostAsync(new Event
            {
                Subject = $"At {hour}",
                Start = new DateTimeTimeZone { DateTime = $"2026-11-03T{hour:00}:00:00", TimeZone = "UTC" },
                End = new DateTimeTimeZone { DateTime = $"2026-11-03T{hour:00}:30:00", TimeZone = "UTC" },
                Attendees = [new Attendee { Type = AttendeeType.Resource, EmailAddress = new EmailAddress { Address = Amsterdam } }],
            });
            Clock.Advance(TimeSpan.FromSeconds(5));
        }

        await Eventually.UntilAsync(() => scheduler.IsIdle, "nothing due yet to be posted");
        var beforeLatency = endpoint.Notifications.Count;
        Clock.Advance(TimeSpan.FromSeconds(5));
        var body = await Eventually.UntilAsync(() => Task.FromResult(endpoint.Notifications.FirstOrDefault()), "the batch at the endpoint");
        await Eventually.UntilAsync(() => scheduler.IsIdle, "deliveries to settle");

        Assert.Equal(0, beforeLatency);
        Assert.Single(endpoint.Notifications);
        Assert.Equal(2, JsonDocument.Parse(body).RootElement.GetProperty("value").GetArrayLength());
    }
}
