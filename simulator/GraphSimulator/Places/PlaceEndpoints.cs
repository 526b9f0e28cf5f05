using GraphSimulator.Graph;
using GraphSimulator.Identity;
using GraphSimulator.Tenants;

namespace GraphSimulator.Places;

/// <summary>
/// GET /v1.0/places/microsoft.graph.room: the tenant's room mailboxes, as Graph's room resource (Place.Read.All,
/// application or delegated), 100 per page by default like Graph ($top for more, @odata.nextLink to the next page);
/// GET /v1.0/places/{id or emailAddress} (also with the room cast, as the SDK asks): one room, 404 for anything else (a person's mailbox is no place). How a
/// client tells a room from a person's mailbox with Graph alone.
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
        places.MapGet("/{place}", Place);
        places.MapGet("/{place}/microsoft.graph.room", Place);
        places.MapGet("/{place}/graph.room", Place);
        return app;
    }

    private const int PageSize = 100;
    private const int MaxPageSize = 1000;

    private static IResult Rooms(HttpContext context, TenantDirectory directory)
    {
        var caller = context.Caller();
        if (!caller.HasPermission(Permission))
        {
            return Denied(context);
        }

        var query = context.Request.Query;
        if (!Paging(query["$top"], PageSize, out var top) || top > MaxPageSize || !Paging(query["$skip"], 0, out var skip))
        {
            return GraphErrors.Error(context, StatusCodes.Status400BadRequest, "BadRequest", "Invalid $top or $skip: whole numbers, $top from 1 to 1000.");
        }

        var rooms = directory.Read(view => view.FindTenant(caller.TenantId)?.Users.Values.Where(u => u.IsRoom).OrderBy(u => u.UserPrincipalName).ToList() ?? []);
        var body = new Dictionary<string, object>
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#places/microsoft.graph.room",
            ["value"] = rooms.Skip(skip).Take(top).Select(Room),
        };
        if (skip + top < rooms.Count)
        {
            var request = context.Request;
            body["@odata.nextLink"] = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?$top={top}&$skip={skip + top}";
        }

        return Results.Json(body, GraphJson.Options);
    }

    private static IResult Place(string place, HttpContext context, TenantDirectory directory)
    {
        var caller = context.Caller();
        if (!caller.HasPermission(Permission))
        {
            return Denied(context);
        }

        var room = directory.Read(view => view.FindTenant(caller.TenantId)?.Users.Values.FirstOrDefault(u =>
            u.IsRoom && (string.Equals(u.UserPrincipalName, place, StringComparison.OrdinalIgnoreCase) || u.Id == place)));
        if (room is null)
        {
            // The places service answers for itself, wrapped in Graph's UnknownError (as reported for its other 404s).
            return GraphErrors.Error(context, StatusCodes.Status404NotFound, "UnknownError", $"{{\"code\":\"invalid_place\",\"message\":\"place {place} not found\"}}");
        }

        var body = new Dictionary<string, object?>(Room(room)) { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#places/$entity" };
        return Results.Json(body, GraphJson.Options);
    }

    private static Dictionary<string, object?> Room(DirectoryUser r) => new()
    {
        ["@odata.type"] = "#microsoft.graph.room",
        ["id"] = r.Id,
        ["emailAddress"] = r.UserPrincipalName,
        ["displayName"] = r.DisplayName,
        ["capacity"] = r.Room!.Capacity,
        ["bookingType"] = "standard",
    };

    private static IResult Denied(HttpContext context) =>
        GraphErrors.Error(context, StatusCodes.Status403Forbidden, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");

    private static bool Paging(Microsoft.Extensions.Primitives.StringValues value, int fallback, out int number)
    {
        number = fallback;
        return value.Count == 0 || (int.TryParse(value.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number) && number >= 0 && (number > 0 || fallback == 0));
    }
}
