using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using OutlookSync.Queueing;
using OutlookSync.Sync;

namespace OutlookSync.Webhooks;

/// <summary>
/// The anonymous endpoint Graph calls: echoes the validation handshake, and turns a notification batch
/// into durable inbound jobs before answering 202, so a notification is never acknowledged and then lost.
/// </summary>
public static class OutlookWebhookEndpoint
{
    public const string Path = "/api/rest/integrationcalendarwebhook/outlook";

    // Graph batches are small; anything this large is not Graph.
    private const long MaxBodyBytes = 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapOutlookWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).AllowAnonymous().WithName("OutlookWebhook");
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, IJobQueue queue, NotificationGate gate, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(OutlookWebhookEndpoint));
        if (request.Query.TryGetValue("validationToken", out var token))
        {
            // Graph requires the URL-decoded token back, exactly, as text/plain, within 10 seconds.
            logger.LogInformation("Answered a subscription validation handshake");
            return Results.Text(token.ToString(), "text/plain", Encoding.UTF8, StatusCodes.Status200OK);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return TooLarge();
        }

        (List<ChangeNotification>? Notifications, string? Error) batch;
        try
        {
            batch = await ReadBatchAsync(request, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge();
        }

        if (batch.Error is not null)
        {
            logger.LogWarning("Rejected a webhook call: {Reason}", batch.Error);
            return Results.Problem(batch.Error, statusCode: StatusCodes.Status400BadRequest);
        }

        var (accepted, ignored) = await gate.FilterAsync(batch.Notifications!, cancellationToken);
        if (accepted.Count == 0)
        {
            // Genuine but for an inactive integration: acknowledge so Graph stops. Otherwise not Graph, or not for us.
            return ignored > 0
                ? Results.Accepted()
                : Results.Problem("No notification in this request belongs to a subscription of this service.", statusCode: StatusCodes.Status403Forbidden);
        }

        var jobs = InboundNotificationJob.FromBatch(accepted, time.GetUtcNow());
        try
        {
            foreach (var job in jobs)
            {
                await queue.PublishAsync(QueueNames.Inbound, job, cancellationToken);
            }
        }
        catch (QueueUnavailableException ex)
        {
            // Not acknowledged: Graph retries, so the change is not lost.
            logger.LogError("Could not queue {Count} notification(s): {Reason}", accepted.Count, ex.Message);
            return Results.Problem("The notification could not be queued; please retry.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        logger.LogInformation("Queued {Jobs} inbound job(s) for {Count} notification(s)", jobs.Count, accepted.Count);
        return Results.Accepted();
    }

    private static IResult TooLarge() =>
        Results.Problem("The notification body is larger than 1 MB; Graph never sends that much.", statusCode: StatusCodes.Status413PayloadTooLarge);

    private static async Task<(List<ChangeNotification>? Notifications, string? Error)> ReadBatchAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, "Expected a JSON notification body (Content-Type: application/json).");
        }

        ChangeNotificationCollection? collection;
        try
        {
            collection = await JsonSerializer.DeserializeAsync<ChangeNotificationCollection>(request.Body, Json, cancellationToken);
        }
        catch (JsonException)
        {
            return (null, "The notification body is not valid JSON of the form {\"value\":[...]}.");
        }

        if (collection?.Value is not { Count: > 0 } items)
        {
            return (null, "The notification body has no notifications in \"value\".");
        }

        if (items.Any(n => string.IsNullOrWhiteSpace(n?.SubscriptionId)))
        {
            return (null, "Every notification needs a subscriptionId.");
        }

        if (items.Any(n => string.IsNullOrWhiteSpace(n.ChangeType) && string.IsNullOrWhiteSpace(n.LifecycleEvent)))
        {
            return (null, "Every notification needs a changeType or a lifecycleEvent.");
        }

        return (items, null);
    }
}
