using GraphSimulator.Graph;
using GraphSimulator.Identity;
using GraphSimulator.Mailboxes;
using Microsoft.Extensions.Options;

namespace GraphSimulator.Subscriptions;

/// <summary>/v1.0/subscriptions: create (with the validation handshake), read, renew and delete.</summary>
public static class SubscriptionEndpoints
{
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton(sp => new SubscriptionRules(sp.GetRequiredService<IOptions<SimulatorOptions>>().Value));
        services.AddSingleton<ValidationHandshake>();
        services.AddSingleton<MailboxAccess>();
        services.AddHttpClient(ValidationHandshake.HttpClientName);
        return services;
    }

    public static IEndpointRouteBuilder MapSubscriptions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1.0/subscriptions").RequireGraphToken();
        group.MapPost("", CreateAsync);
        group.MapGet("", List);
        group.MapGet("/{id}", Get);
        group.MapPatch("/{id}", RenewAsync);
        group.MapDelete("/{id}", Delete);
        group.MapPost("/{id}/reauthorize", Reauthorize);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, SubscriptionStore store, SubscriptionRules rules, ValidationHandshake handshake, MailboxAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        var request = await GraphJson.ReadAsync<SubscriptionRequest>(context);
        if (request is null)
        {
            return GraphErrors.UnreadableJson(context);
        }

        if (rules.CheckCreate(request, time.GetUtcNow()) is { } problem)
        {
            return Answer(context, problem);
        }

        // Subscribing needs read access to the mailbox, with the same checks as reading its events.
        var caller = context.Caller();
        var (mailbox, denied) = access.Resolve(caller, SubscriptionRules.MailboxOf(request.Resource!), write: false);
        if (denied is not null)
        {
            return Answer(context, denied);
        }

        foreach (var url in new[] { request.NotificationUrl!, request.LifecycleNotificationUrl }.OfType<string>())
        {
            if (await handshake.ValidateAsync(url, cancellationToken) is { } failed)
            {
                return Answer(context, failed);
            }
        }

        var subscription = new Subscription(
            Id: Guid.NewGuid().ToString(),
            Resource: request.Resource!,
            ChangeType: request.ChangeType!,
            NotificationUrl: request.NotificationUrl!,
            LifecycleNotificationUrl: request.LifecycleNotificationUrl,
            ClientState: request.ClientState,
            ExpirationDateTime: request.ExpirationDateTime!.Value,
            ApplicationId: caller.AppId,
            CreatorId: caller.ObjectId,
            TenantId: caller.TenantId,
            MailboxId: mailbox!.Id);
        store.Add(subscription);
        return Results.Json(subscription.ToGraph(), GraphJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static IResult List(HttpContext context, SubscriptionStore store) =>
        Results.Json(new Dictionary<string, object?>
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#subscriptions",
            ["value"] = store.All().Where(s => IsOwnedBy(s, context.Caller())).Select(s => s.ToGraph()).ToList(),
        }, GraphJson.Options);

    private static IResult Get(HttpContext context, string id, SubscriptionStore store) =>
        Owned(context, store, id) is { } subscription
            ? Results.Json(subscription.ToGraph(), GraphJson.Options)
            : GraphErrors.NotFound(context, $"The object was not found: subscription '{id}'.");

    /// <summary>An app sees only its own subscriptions in its own tenant; others' are simply not found.</summary>
    private static Subscription? Owned(HttpContext context, SubscriptionStore store, string id) =>
        store.Find(id) is { } subscription && IsOwnedBy(subscription, context.Caller()) ? subscription : null;

    private static bool IsOwnedBy(Subscription subscription, GraphCaller caller) =>
        subscription.ApplicationId == caller.AppId && subscription.TenantId == caller.TenantId;

    private static async Task<IResult> RenewAsync(HttpContext context, string id, SubscriptionStore store, SubscriptionRules rules, MailboxAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        var request = await GraphJson.ReadAsync<SubscriptionRequest>(context);
        if (request is null)
        {
            return GraphErrors.UnreadableJson(context);
        }

        if (Owned(context, store, id) is not { } subscription)
        {
            return GraphErrors.NotFound(context, $"The object was not found: subscription '{id}'.");
        }

        if (request.LifecycleNotificationUrl is not null)
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "lifecycleNotificationUrl cannot be added or changed by PATCH; delete and recreate the subscription.");
        }

        if (rules.CheckExpiration(request.ExpirationDateTime, time.GetUtcNow()) is { } problem)
        {
            return Answer(context, problem);
        }

        // Graph checks the caller's access again on renewal: revoked consent or permission makes it fail.
        var (_, denied) = access.Resolve(context.Caller(), SubscriptionRules.MailboxOf(subscription.Resource), write: false);
        if (denied is not null)
        {
            return Answer(context, denied);
        }

        var renewed = subscription with
        {
            ExpirationDateTime = request.ExpirationDateTime!.Value,
            Renewals = [.. subscription.Renewals, new SubscriptionRenewal(time.GetUtcNow(), subscription.ExpirationDateTime, request.ExpirationDateTime.Value)],
        };
        store.Replace(renewed);
        return Results.Json(renewed.ToGraph(), GraphJson.Options);
    }

    private static IResult Delete(HttpContext context, string id, SubscriptionStore store, Notifications.DeliveryScheduler scheduler)
    {
        if (Owned(context, store, id) is null || !store.Remove(id))
        {
            return GraphErrors.NotFound(context, $"The object was not found: subscription '{id}'.");
        }

        scheduler.Forget(id);
        return Results.NoContent();
    }

    /// <summary>After reauthorizationRequired: the caller shows it still may read the mailbox.</summary>
    private static IResult Reauthorize(HttpContext context, string id, SubscriptionStore store, MailboxAccess access)
    {
        if (Owned(context, store, id) is not { } subscription)
        {
            return GraphErrors.NotFound(context, $"The object was not found: subscription '{id}'.");
        }

        var (_, denied) = access.Resolve(context.Caller(), SubscriptionRules.MailboxOf(subscription.Resource), write: false);
        return denied is null ? Results.NoContent() : Answer(context, denied);
    }

    private static IResult Answer(HttpContext context, GraphProblem problem) =>
        GraphErrors.Error(context, problem.Status, problem.Code, problem.Message);
}
