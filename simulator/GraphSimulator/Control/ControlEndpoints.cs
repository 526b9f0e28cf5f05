using GraphSimulator.Clock;
using GraphSimulator.Faults;
using GraphSimulator.Graph;
using GraphSimulator.Notifications;
using GraphSimulator.Subscriptions;

namespace GraphSimulator.Control;

/// <summary>
/// The simulator's own API (not Graph's, no token): make things happen, move the clock, and look at what
/// was delivered. Errors use the same JSON shape as Graph's so one client handles both.
/// </summary>
public static class ControlEndpoints
{
    private static readonly string[] ChangeTypes = ["created", "updated", "deleted"];

    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control");
        control.MapGet("/clock", (TimeProvider time) => Results.Json(new { now = time.GetUtcNow(), controllable = time is SimulatedClock }, GraphJson.Options));
        control.MapPost("/clock/advance", AdvanceClockAsync);
        control.MapGet("/deliveries", (DeliveryLog log, string? subscriptionId) =>
            Results.Json(new { value = log.Attempts.Where(a => subscriptionId is null || a.SubscriptionId == subscriptionId) }, GraphJson.Options));
        control.MapGet("/deliveries/behaviour", (DeliveryScheduler scheduler) => Results.Json(scheduler.Behaviour, GraphJson.Options));
        control.MapPut("/deliveries/behaviour", SetBehaviourAsync);
        control.MapGet("/subscriptions/{id}/renewals", (HttpContext context, string id, SubscriptionStore store) =>
            store.Find(id) is { } subscription
                ? Results.Json(new { value = subscription.Renewals }, GraphJson.Options)
                : GraphErrors.NotFound(context, $"No active subscription '{id}'."));
        control.MapPost("/subscriptions/{id}/notifications", NotifyAsync);
        control.MapPost("/subscriptions/{id}/lifecycle", LifecycleAsync);
        control.MapTenantControl();
        control.MapAdministratorControl();
        control.MapPortalControl();
        control.MapCalendarControl();
        control.MapFaultControl();
        return app;
    }

    /// <summary>Sends one change notification now and answers with the attempt; a failure is retried like any other.</summary>
    private static async Task<IResult> NotifyAsync(HttpContext context, string id, SubscriptionStore store, NotificationSender sender, DeliveryScheduler scheduler, TimeProvider time, CancellationToken cancellationToken)
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

        // A change the caller says happened: it gets an etag of its own, as a real change would.
        var delivery = Delivery.ForChange(subscription, request.ChangeType, request.ResourceId ?? Guid.NewGuid().ToString("N"), time.GetUtcNow(),
            request.ChangeType == "deleted" ? null : Calendars.CalendarStore.NewChangeKey());
        var attempt = await sender.AttemptAsync(delivery, cancellationToken);
        scheduler.Completed(delivery, attempt);
        return Results.Json(attempt, GraphJson.Options);
    }

    private static async Task<IResult> LifecycleAsync(HttpContext context, string id, SubscriptionStore store, DeliveryScheduler scheduler, TimeProvider time)
    {
        var request = await GraphJson.ReadAsync<LifecycleRequest>(context);
        if (request?.LifecycleEvent is not { } lifecycleEvent || !Delivery.LifecycleEvents.Contains(lifecycleEvent, StringComparer.Ordinal))
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", $"Expected {{\"lifecycleEvent\": \"{string.Join("|", Delivery.LifecycleEvents)}\"}}.");
        }

        if (store.Find(id) is not { } subscription)
        {
            return GraphErrors.NotFound(context, $"No active subscription '{id}'.");
        }

        if (Delivery.ForLifecycle(subscription, lifecycleEvent, time.GetUtcNow()) is not { } delivery)
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "The subscription has no lifecycleNotificationUrl; Graph sends it no lifecycle notifications.");
        }

        if (lifecycleEvent == "subscriptionRemoved")
        {
            store.Remove(subscription.Id);
            scheduler.Forget(subscription.Id);
        }

        scheduler.Enqueue(delivery);
        return Results.Accepted();
    }

    private static async Task<IResult> SetBehaviourAsync(HttpContext context, DeliveryScheduler scheduler)
    {
        var request = await GraphJson.ReadAsync<BehaviourRequest>(context);
        if (request is null || !Enum.TryParse<DeliveryMode>(request.Mode, ignoreCase: true, out var mode)
            || request.Count is 0 or < -1 || request.DelaySeconds is < 0 or > 86_400)
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "Expected {\"mode\": \"normal|drop|duplicate|reorder|delay\", \"count\"?: 1.. or -1, \"delaySeconds\"?: 0..86400, \"subscriptionId\"?}.");
        }

        scheduler.Behaviour = new DeliveryBehaviour(mode, request.Count ?? -1, TimeSpan.FromSeconds(request.DelaySeconds ?? 0), request.SubscriptionId);
        return Results.Json(scheduler.Behaviour, GraphJson.Options);
    }

    /// <summary>Only the standalone clock can be moved from outside; in tests the test owns the clock.</summary>
    private static async Task<IResult> AdvanceClockAsync(HttpContext context, TimeProvider time)
    {
        if (time is not SimulatedClock clock)
        {
            return GraphErrors.Error(context, StatusCodes.Status409Conflict, "ClockNotControllable", "This simulator's clock is driven by its host (a test); advance it there.");
        }

        var request = await GraphJson.ReadAsync<AdvanceRequest>(context);
        if (request is null || !TimeSpan.TryParse(request.By, System.Globalization.CultureInfo.InvariantCulture, out var by) || by <= TimeSpan.Zero || by > TimeSpan.FromDays(365))
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "Expected {\"by\": \"d.hh:mm:ss\"}, more than zero and at most 365 days, e.g. {\"by\": \"3.00:00:00\"}.");
        }

        clock.Advance(by);
        return Results.Json(new { now = time.GetUtcNow(), controllable = true }, GraphJson.Options);
    }

    private sealed record NotifyRequest(string? ChangeType, string? ResourceId);

    private sealed record LifecycleRequest(string? LifecycleEvent);

    private sealed record BehaviourRequest(string? Mode, int? Count, double? DelaySeconds, string? SubscriptionId);

    private sealed record AdvanceRequest(string? By);
}
