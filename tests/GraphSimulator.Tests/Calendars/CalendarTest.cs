using GraphSimulator.Tenants;
using Microsoft.Graph;

namespace GraphSimulator.Tests.Calendars;

/// <summary>A simulator test with the demo tenant's service account signed in (delegated, the organizer) and the app reading rooms app-only.</summary>
public abstract class CalendarTest : SimulatorTest
{
    protected static readonly string Amsterdam = $"room.amsterdam@{DemoTenant.Domain}";

    protected GraphServiceClient Organizer { get; private set; } = null!;

    protected GraphServiceClient App { get; private set; } = null!;

    protected override async Task StartedAsync()
    {
        Organizer = await Demo.SignedInAsync();
        App = Demo.AppOnly();
    }
}
