using GraphSimulator.Graph;

namespace GraphSimulator.Identity;

/// <summary>Every /v1.0 call needs a bearer token this simulator issued and that has not expired.</summary>
public static class GraphAuthentication
{
    private const string CallerKey = "graph-caller";

    public static GraphCaller Caller(this HttpContext context) =>
        context.Items[CallerKey] as GraphCaller ?? throw new InvalidOperationException("The Graph route is missing RequireGraphToken().");

    public static RouteGroupBuilder RequireGraphToken(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var header = context.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
            var (caller, problem) = context.RequestServices.GetRequiredService<AccessTokens>().Read(token);
            if (caller is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\"";
                return GraphErrors.Error(context, StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken", problem!);
            }

            context.Items[CallerKey] = caller;
            return await next(invocation);
        });
}
