using GraphSimulator.Notifications;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace GraphSimulator.Tests.Subscriptions;

/// <summary>Two rooms subscribed to one notification endpoint that can hold Graph's POSTs unanswered.</summary>
public abstract class DeliveryTest : SimulatorTest
{
    protected static readonly string Berlin = $"room.berlin@{DemoTenant.Domain}";
    protected static readonly string Amsterdam = $"room.amsterdam@{DemoTenant.Domain}";

    protected NotificationEndpointStub Endpoint { get; private set; } = null!;

    private GraphServiceClient _app = null!;

    protected DeliveryScheduler Scheduler => Simulator.Services.GetRequiredService<DeliveryScheduler>();

    protected override async Task StartedAsync()
    {
        Endpoint = await NotificationEndpointStub.StartAsync(ValidationAnswer.ExactToken);
        _app = Demo.AppOnly();
    }

    protected override async Task StoppingAsync()
    {
        Endpoint.ReleaseNotifications();
        await Endpoint.DisposeAsync();
    }

    protected async Task<Subscription> SubscribeAsync(string room) =>
        (await _app.Subscriptions.PostAsync(EventsSubscription($"users/{room}/events", Endpoint.Url)))!;

    /// <summary>An event written straight into the room's calendar; its id.</summary>
    protected async Task<string> BookAsync(string room, string subject)
    {
        var start = Clock.GetUtcNow().AddDays(1);
        var created = await _app.Users[room].Events.PostAsync(new Event
        {
            Subject = subject,
            Start = new DateTimeTimeZone { DateTime = start.ToString("yyyy-MM-ddTHH:mm:ss"), TimeZone = "UTC" },
            End = new DateTimeTimeZone { DateTime = start.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ss"), TimeZone = "UTC" },
        });
        return created!.Id!;
    }
}
