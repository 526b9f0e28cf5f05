using System.Globalization;
using GraphSimulator.Graph;

namespace GraphSimulator.Faults;

/// <summary>Applies injected faults to Graph and login calls before they reach their endpoints.</summary>
public static class FaultInjection
{
    public static IApplicationBuilder UseFaultInjection(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            var rule = path.StartsWith("/control", StringComparison.OrdinalIgnoreCase)
                ? null
                : context.RequestServices.GetRequiredService<FaultRules>().Take(path);
            switch (rule?.Kind)
            {
                case null:
                    await next(context);
                    return;
                case FaultKind.Latency:
                    await Task.Delay(rule.Latency, context.RequestServices.GetRequiredService<TimeProvider>(), context.RequestAborted);
                    await next(context);
                    return;
                case FaultKind.Drop:
                    context.Abort();
                    return;
                case FaultKind.Malformed:
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("{\"value\":[{\"id\":\"AAMk", context.RequestAborted);
                    return;
                case FaultKind.Throttle:
                    context.Response.Headers.RetryAfter = rule.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    await GraphErrors.Error(context, StatusCodes.Status429TooManyRequests, "TooManyRequests", "Please retry again later.").ExecuteAsync(context);
                    return;
                default:
                    await GraphErrors.Error(context, rule.Status, rule.Status >= 500 ? "serviceNotAvailable" : "simulatedFault", "Simulated fault injected through the control API.").ExecuteAsync(context);
                    return;
            }
        });

    public static RouteGroupBuilder MapFaultControl(this RouteGroupBuilder control)
    {
        control.MapGet("/faults", (FaultRules rules) => Results.Json(new { value = rules.All }, GraphJson.Options));
        control.MapDelete("/faults", (FaultRules rules) =>
        {
            rules.Clear();
            return Results.NoContent();
        });
        control.MapDelete("/faults/{id}", (HttpContext context, string id, FaultRules rules) =>
            rules.Remove(id) ? Results.NoContent() : GraphErrors.NotFound(context, $"No fault '{id}'."));
        control.MapPost("/faults", AddAsync);
        return control;
    }

    private static async Task<IResult> AddAsync(HttpContext context, FaultRules rules, TimeProvider time)
    {
        var request = await GraphJson.ReadAsync<FaultRequest>(context);
        if (request is null || !Enum.TryParse<FaultKind>(request.Kind, ignoreCase: true, out var kind))
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "Expected {\"kind\": \"status|throttle|latency|malformed|drop\", \"route\"?, \"mailbox\"?, \"status\"?, \"retryAfterSeconds\"?, \"latencyMs\"?, \"count\"?}.");
        }

        var status = request.Status ?? 503;
        if (kind == FaultKind.Status && status is < 400 or > 599)
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "status must be a 4xx or 5xx code.");
        }

        if (request.RetryAfterSeconds is < 0 or > 3600 || request.LatencyMs is < 0 or > 3_600_000 || request.Count is 0 or < -1 or > 100_000)
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "retryAfterSeconds 0..3600, latencyMs 0..3600000 (simulated time), count 1..100000 or -1 for until removed.");
        }

        var rule = rules.Add(new FaultRule(Guid.NewGuid().ToString("N")[..12], kind, request.Route, request.Mailbox, status,
            request.RetryAfterSeconds ?? 1, TimeSpan.FromMilliseconds(request.LatencyMs ?? 0), request.Count ?? 1, time.GetUtcNow()));
        return Results.Json(rule, GraphJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private sealed record FaultRequest(string? Kind, string? Route, string? Mailbox, int? Status, double? RetryAfterSeconds, int? LatencyMs, int? Count);
}
