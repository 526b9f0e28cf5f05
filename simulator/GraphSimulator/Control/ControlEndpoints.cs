using GraphSimulator.Faults;
using GraphSimulator.Graph;
using GraphSimulator.Notifications;
using GraphSimulator.Subscriptions;

namespace GraphSimulator.Control;

/// <summary>
/// The simulator's own API (not Graph's): make things happen and look at what was delivered.
/// Errors use the same JSON shape as Graph's so one client handles both.
/// </summary>
public static class ControlEndpoints
{
    private static readonly string[] ChangeTypes = ["created", "updated", "deleted"];

    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control");
        control.MapGet("/clock", (TimeProvider time) => Results.Json(new { now = time.GetUtcNow() }, GraphJson.Options));
        control.MapGet("/deliveries", (DeliveryLog log) => Results.Json(new { value = log.Attempts }, GraphJson.Options));
        control.MapPost("/subscriptions/{id}/notifications", NotifyAsync);
        control.MapTenantControl();
        control.MapCalendarControl();
        control.MapFaultControl();
        return app;
    }

    /// <summary>Sends one change notification for the subscription now and answers with the delivery attempt.</summary>
    private static async Task<IResult> NotifyAsync(HttpContext context, string id, SubscriptionStore store, NotificationSender sender, CancellationToken cancellationToken)
    {
        var request = await GraphJson.ReadAsync<NotifyRequest>(context);
        if (request is null)
        {
            return GraphErrors.UnreadableJson(context);
        }

        if (request.ChangeType is null || !ChangeTypes.Contains(request.ChangeType, StringComparer.Ordinal))
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "changeType must be one of created, updated, deleted.");
        }

        if (request.ResourceId is { Length: > 512 })
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "resourceId is too long.");
        }

        if (store.Find(id) is not { } subscription)
        {
            return GraphErrors.NotFound(context, $"No active subscription '{id}'.");
        }

        var attempt = await sender.SendChangeAsync(subscription, request.ChangeType, request.ResourceId ?? Guid.NewGuid().ToString("N"), cancellationToken);
        return Results.Json(attempt, GraphJson.Options);
    }

    private sealed record NotifyRequest(string? ChangeType, string? ResourceId);
}
