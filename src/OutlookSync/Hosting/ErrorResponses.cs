using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace OutlookSync.Hosting;

/// <summary>
/// Every error answer is application/problem+json and says what to do, never a stack trace or the
/// request's headers (the developer exception page would echo X-Api-Key): malformed bodies 400, the
/// database busy 503 with Retry-After, anything unexpected a bare 500.
/// </summary>
public static class ErrorResponses
{
    public static IServiceCollection AddErrorResponses(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<StorageBusyHandler>();
        // A malformed JSON body is the caller's mistake: a 400 with a body, in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        return services;
    }

    public static WebApplication UseErrorResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(WriteBodyAsync);
        return app;
    }

    /// <summary>An error without a body (an unknown id's 404, say) gets one: a short page on the screens, problem+json elsewhere.</summary>
    private static async Task WriteBodyAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var code = context.Response.StatusCode;
        if (!context.Request.Path.StartsWithSegments("/api") && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            var reason = System.Net.WebUtility.HtmlEncode(Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code));
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync($"<!doctype html><html><head><meta charset=\"utf-8\"><title>{reason}</title><link rel=\"stylesheet\" href=\"/site.css\"></head>"
                + $"<body><main><h1>{code} {reason}</h1><p>There is nothing here to show. <a href=\"/integrations\">Back to the integrations</a></p></main></body></html>");
            return;
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = { Status = code } });
    }

    /// <summary>The database stayed locked longer than the command timeout: the caller may retry shortly.</summary>
    private sealed class StorageBusyHandler(IProblemDetailsService problems, ILogger<StorageBusyHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not (DbException or DbUpdateException) || context.Response.HasStarted)
            {
                return false;
            }

            logger.LogWarning("Database busy or unavailable for {Path}: {Reason}", context.Request.Path, exception.GetBaseException().Message);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = { Status = 503, Title = "The database is busy", Detail = "Nothing was changed; please retry in a few seconds." },
            });
        }
    }
}
