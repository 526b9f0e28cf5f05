using Harness.Testing.Apps;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Graph.Models;
using Xunit;

namespace GraphSimulator.Tests;

/// <summary>A fresh simulator per test on its own simulated clock, with the demo tenant seeded.</summary>
public abstract class SimulatorTest : IAsyncLifetime
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));

    protected SimulatorApp Simulator { get; private set; } = null!;

    protected DemoTenantClients Demo { get; private set; } = null!;

    /// <summary>Simulator settings for this test class: notifications posted and rooms answering at once (the "instant" timing) unless a class asks for Graph's timing.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => Instant;

    protected static readonly IReadOnlyDictionary<string, string?> Instant = new Dictionary<string, string?>
    {
        ["Simulator:NotificationLatency"] = "00:00:00",
        ["Simulator:RoomAnswerDelay"] = "00:00:00",
    };

    public async Task InitializeAsync()
    {
        Simulator = new SimulatorApp(Clock, Settings);
        Demo = await DemoTenantClients.SeedAsync(Simulator);
        await StartedAsync();
    }

    public async Task DisposeAsync()
    {
        await StoppingAsync();
        await Simulator.DisposeAsync();
    }

    /// <summary>A subscription to a calendar's events as the service asks for it: every change type, Graph's maximum life.</summary>
    protected Subscription EventsSubscription(string resource, Uri notificationUrl, string clientState = "state") => new()
    {
        ChangeType = "created,updated,deleted",
        Resource = resource,
        NotificationUrl = notificationUrl.ToString(),
        ExpirationDateTime = Clock.GetUtcNow().AddMinutes(4230),
        ClientState = clientState,
    };

    protected virtual Task StartedAsync() => Task.CompletedTask;

    protected virtual Task StoppingAsync() => Task.CompletedTask;
}
