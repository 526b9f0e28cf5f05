using System.Net;
using GraphSimulator.Graph;
using Microsoft.Extensions.Options;

namespace GraphSimulator.Control;

/// <summary>
/// The control API and page can rewrite any tenant and move the clock, and need no token: they answer
/// callers on this machine only (unless Simulator:AllowRemoteControl), and refuse a state-changing request
/// that a browser sent from another site (a cross-origin form post), since the page's forms carry no token.
/// </summary>
public static class ControlAccess
{
    public static IApplicationBuilder UseControlAccess(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/control"), control => control.Use(async (context, next) =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<SimulatorOptions>>().Value;
            if (!options.AllowRemoteControl && context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
            {
                await GraphErrors.Error(context, StatusCodes.Status403Forbidden, "Forbidden", "The simulator's control API answers only on this machine; set Simulator:AllowRemoteControl=true to open it.").ExecuteAsync(context);
                return;
            }

            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && CrossSite(context.Request))
            {
                await GraphErrors.Error(context, StatusCodes.Status403Forbidden, "Forbidden", "Cross-site requests to the control API are refused.").ExecuteAsync(context);
                return;
            }

            await next(context);
        }));

    private static bool CrossSite(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var from)
                || !string.Equals(from.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
                || !string.Equals(from.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase));
    }
}
