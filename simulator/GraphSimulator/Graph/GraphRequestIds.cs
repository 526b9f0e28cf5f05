namespace GraphSimulator.Graph;

/// <summary>Like Graph, every response carries request-id and echoes client-request-id (both appear in error bodies); Graph answers also OData-Version.</summary>
public static class GraphRequestIds
{
    private const string RequestIdKey = "graph-request-id";

    public static string RequestId(HttpContext context) =>
        context.Items[RequestIdKey] as string ?? "";

    public static string ClientRequestId(HttpContext context) =>
        context.Request.Headers["client-request-id"].FirstOrDefault() is { Length: > 0 and <= 100 } id ? id : RequestId(context);

    public static IApplicationBuilder UseGraphRequestIds(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var requestId = Guid.NewGuid().ToString();
            context.Items[RequestIdKey] = requestId;
            context.Response.Headers["request-id"] = requestId;
            context.Response.Headers["client-request-id"] = ClientRequestId(context);
            if (context.Request.Path.StartsWithSegments("/v1.0"))
            {
                // Graph is an OData v4 service and says so on every answer.
                context.Response.Headers["OData-Version"] = "4.0";
            }

            await next(context);
        });
}
