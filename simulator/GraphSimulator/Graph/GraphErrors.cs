namespace GraphSimulator.Graph;

/// <summary>Graph's error body: {"error":{"code","message","innerError":{"request-id","date","client-request-id"}}}.</summary>
public static class GraphErrors
{
    public static IResult Error(HttpContext context, int status, string code, string message)
    {
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var body = new
        {
            error = new
            {
                code,
                message,
                innerError = new Dictionary<string, string?>
                {
                    ["date"] = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                    ["request-id"] = GraphRequestIds.RequestId(context),
                    ["client-request-id"] = GraphRequestIds.ClientRequestId(context),
                },
            },
        };
        return Results.Json(body, GraphJson.Options, statusCode: status);
    }

    public static IResult BadRequest(HttpContext context, string code, string message) => Error(context, StatusCodes.Status400BadRequest, code, message);

    public static IResult NotFound(HttpContext context, string message) => Error(context, StatusCodes.Status404NotFound, "ResourceNotFound", message);

    public static IResult UnknownSegment(HttpContext context) =>
        Error(context, StatusCodes.Status400BadRequest, "BadRequest", $"Resource not found for the segment '{context.Request.Path.Value?.Split('/').LastOrDefault()}'.");

    public static IResult UnreadableJson(HttpContext context) =>
        BadRequest(context, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");
}
