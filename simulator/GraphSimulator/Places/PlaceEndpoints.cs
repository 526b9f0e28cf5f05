using GraphSimulator.Graph;
using GraphSimulator.Identity;
using GraphSimulator.Tenants;

namespace GraphSimulator.Places;

/// <summary>
/// GET /v1.0/places/microsoft.graph.room: the tenant's room mailboxes, as Graph's room resource (Place.Read.All,
/// application or delegated). How a client tells a room from a person's mailbox with Graph alone.
/// </summary>
public static class PlaceEndpoints
{
    public const string Permission = "Place.Read.All";

    public static IEndpointRouteBuilder MapPlaces(this IEndpointRouteBuilder app)
    {
        // Graph accepts the cast with its namespace or its alias; the SDK writes graph.room.
        var places = app.MapGroup("/v1.0/places").RequireGraphToken();
        places.MapGet("/microsoft.graph.room", Rooms);
        places.MapGet("/graph.room", Rooms);
        return app;
    }

    private static IResult Rooms(HttpContext context, TenantDirectory directory)
    {
        var caller = context.Caller();
        if (!caller.HasPermission(Permission))
        {
            return GraphErrors.Error(context, StatusCodes.Status403Forbidden, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        }

        var rooms = directory.Read(view => view.FindTenant(caller.TenantId)?.Users.Values.Where(u => u.IsRoom).OrderBy(u => u.UserPrincipalName).ToList() ?? []);
        return Results.Json(new Dictionary<string, object>
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#places/microsoft.graph.room",
            ["value"] = rooms.Select(r => new Dictionary<string, object?>
            {
                ["@odata.type"] = "#microsoft.graph.room",
                ["id"] = r.Id,
                ["emailAddress"] = r.UserPrincipalName,
                ["displayName"] = r.DisplayName,
                ["capacity"] = r.Room!.Capacity,
                ["bookingType"] = "standard",
            }),
        }, GraphJson.Options);
    }
}
