using GraphSimulator.Tenants;
using Microsoft.Graph.Models.ODataErrors;
using Xunit;

namespace GraphSimulator.Tests.Places;

/// <summary>
/// Rooms through the places API as Graph serves them (checked through the official SDK): 100 per page by default
/// with a next link, $top for bigger pages, and one place by its address (a person's mailbox is no place: 404).
/// </summary>
public sealed class PlacesConformanceTests : SimulatorTest
{
    private const string Domain = "many-rooms.onmicrosoft.com";
    private Microsoft.Graph.GraphServiceClient _graph = null!;

    protected override async Task StartedAsync()
    {
        var rooms = Enumerable.Range(1, 150).Select(i => new RoomSeed(null, $"room{i:000}@{Domain}", $"Room {i}")).ToList();
        var tenant = await Simulator.SeedAsync(new TenantSeed(null, Domain, "Many rooms", [new UserSeed(null, $"person@{Domain}", "A person")], rooms, [],
            [new AppSeed(null, "Rooms app", false, [new SecretSeed("rooms-secret")], null, null, ["Calendars.ReadWrite", "Place.Read.All"], true)], []));
        _graph = Simulator.CreateAppOnlyGraphClient(tenant.Id, tenant.Apps[0].AppId, "rooms-secret");
    }

    [Fact]
    public async Task Rooms_come_100_to_a_page_with_a_next_link_to_the_rest()
    {
        var first = await _graph.Places.GraphRoom.GetAsync();
        var second = await _graph.Places.GraphRoom.WithUrl(first!.OdataNextLink!).GetAsync();

        Assert.Equal(100, first.Value!.Count);
        Assert.Equal(50, second!.Value!.Count);
        Assert.Null(second.OdataNextLink);
        Assert.Equal(150, first.Value.Concat(second.Value).Select(r => r.EmailAddress).Distinct().Count());
    }

    [Fact]
    public async Task Top_asks_for_bigger_pages_up_to_1000()
    {
        var all = await _graph.Places.GraphRoom.GetAsync(c => c.QueryParameters.Top = 1000);
        var refused = await Assert.ThrowsAsync<ODataError>(() => _graph.Places.GraphRoom.GetAsync(c => c.QueryParameters.Top = 1001));

        Assert.Equal(150, all!.Value!.Count);
        Assert.Null(all.OdataNextLink);
        Assert.Equal(400, refused.ResponseStatusCode);
    }

    [Fact]
    public async Task One_room_by_its_address_and_a_person_is_no_place()
    {
        var room = await _graph.Places[$"room142@{Domain}"].GraphRoom.GetAsync();
        var person = await Assert.ThrowsAsync<ODataError>(() => _graph.Places[$"person@{Domain}"].GraphRoom.GetAsync());

        Assert.Equal("Room 142", room!.DisplayName);
        Assert.Equal(404, person.ResponseStatusCode);
    }
}
