using GraphSimulator.Tenants;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Xunit;

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

    /// <summary>One delta round on the room, two items a page, following nextLinks to the deltaLink.</summary>
    protected async Task<(List<Event> Items, string DeltaLink)> DeltaRoundAsync(string? deltaLink)
    {
        var items = new List<Event>();
        var delta = App.Users[Amsterdam].CalendarView.Delta;
        var page = deltaLink is null
            ? await delta.GetAsDeltaGetResponseAsync(c =>
            {
                c.QueryParameters.StartDateTime = Clock.GetUtcNow().ToString("o");
                c.QueryParameters.EndDateTime = Clock.GetUtcNow().AddDays(30).ToString("o");
                c.Headers.Add("Prefer", "odata.maxpagesize=2");
            })
            : await delta.WithUrl(deltaLink).GetAsDeltaGetResponseAsync(c => c.Headers.Add("Prefer", "odata.maxpagesize=2"));
        while (true)
        {
            items.AddRange(page!.Value!);
            if (page.OdataDeltaLink is { } link)
            {
                return (items, link);
            }

            Assert.True(page.Value!.Count <= 2, "pages honour Prefer: odata.maxpagesize");
            page = await delta.WithUrl(page.OdataNextLink!).GetAsDeltaGetResponseAsync(c => c.Headers.Add("Prefer", "odata.maxpagesize=2"));
        }
    }
}
