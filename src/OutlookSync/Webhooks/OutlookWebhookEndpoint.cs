using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OutlookSync.Diagnostics;
using OutlookSync.Queueing;
using OutlookSync.Queueing.Outbox;
using OutlookSync.Storage;
using OutlookSync.Sync;

namespace OutlookSync.Webhooks;

/// <summary>
/// The anonymous endpoint Graph calls: echoes the validation handshake, and turns a notification batch
/// into inbound jobs, confirmed by the broker or committed to the outbox before answering 202, so a
/// notification is never acknowledged and then lost, even while the broker is away.
/// </summary>
public static class OutlookWebhookEndpoint
{
    public const string Path = "/api/rest/integrationcalendarwebhook/outlook";

    // Graph batches are small; anything this large is not Graph.
    private const long MaxBodyBytes = 1024 * 1024;

    private const int MaxValidationTokenLength = 1024;

    private static readonly TimeSpan StorageBudget = TimeSpan.FromSeconds(2);

    /// <summary>How Graph's notification bodies are read (web defaults: camelCase, case-insensitive).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapOutlookWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).AllowAnonymous().WithName("OutlookWebhook");
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, NotificationGate gate, JobOutbox outbox, DirectHandOff handOff, SyncDbContext db, WebhookLog log, WebhookCommits commits, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(OutlookWebhookEndpoint));
        if (request.Query.TryGetValue("validationToken", out var token))
        {
            var echo = Echo(token.ToString(), request.HttpContext.Response, logger);
            await log.ValidationAsync(token.ToString().Length <= MaxValidationTokenLength, cancellationToken);
            return echo;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return await TooLargeAsync(log, cancellationToken);
        }

        (List<ChangeNotification>? Notifications, string? Error) batch;
        try
        {
            batch = await ReadBatchAsync(request, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return await TooLargeAsync(log, cancellationToken);
        }

        if (batch.Error is not null)
        {
            logger.LogWarning("Rejected a webhook call: {Reason}", batch.Error);
            await log.BadBodyAsync(StatusCodes.Status400BadRequest, cancellationToken);
            return Results.Problem(batch.Error, statusCode: StatusCodes.Status400BadRequest);
        }

        GateResult gated;
        try
        {
            gated = await gate.FilterAsync(batch.Notifications!, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or DbUpdateException)
        {
            return StorageUnavailable(logger, batch.Notifications!.Count, ex);
        }

        if (gated.Rejected.Count > 0)
        {
            // One line per request, however many items a hostile body carries.
            logger.LogWarning(
                "Rejected {Count} notification(s) of {Total} in one request: unknown subscription or wrong clientState (first: {Subscriptions})",
                gated.Rejected.Count, batch.Notifications!.Count, string.Join(", ", gated.Rejected.Distinct().Take(3).Select(id => LogValue.Safe(id, 40))));
        }

        var logLines = log.Notifications(gated);
        if (gated.Accepted.Count == 0)
        {
            // Genuine but for an inactive integration: acknowledge so Graph stops. Otherwise not Graph, or not for us.
            await log.SaveAsync(logLines, cancellationToken);
            return gated.Ignored.Count > 0
                ? Results.Accepted()
                : Results.Problem("No notification in this request belongs to a subscription of this service.", statusCode: StatusCodes.Status403Forbidden);
        }

        var jobs = InboundNotificationJob.FromBatch(gated.Accepted, time.GetUtcNow());
        var straightToQueue = await handOff.TryPublishAsync(jobs, cancellationToken);
        if (straightToQueue)
        {
            // The log lines follow with other requests' commit; Graph need not wait for them.
            commits.CommitLater(logLines);
        }
        else
        {
            foreach (var job in jobs)
            {
                outbox.Add(QueueNames.Inbound, job);
            }

            try
            {
                // The request's rows (outbox jobs, log lines) are committed together with those of concurrent requests.
                // Graph gives us 3 s: rather answer 503 (Graph retries) than wait out a long database lock.
                await commits.CommitAsync([.. TakeAddedRows(db), .. logLines], StorageBudget, cancellationToken);
            }
            catch (Exception ex) when (ex is DbException or DbUpdateException or TimeoutException)
            {
                log.Refused(gated.Accepted.Count);
                return StorageUnavailable(logger, gated.Accepted.Count, ex);
            }
        }

        // Durable now: confirmed by the broker, or committed to the outbox, whose relay hands it to the queue.
        log.Queued(gated.Accepted.Count);
        logger.LogDebug("Accepted {Count} notification(s) as {Jobs} inbound job(s), {Way}", gated.Accepted.Count, jobs.Count, straightToQueue ? "straight to the queue" : "through the outbox");
        return Results.Accepted();
    }

    /// <summary>The request's new rows, detached from its context to be committed with other requests'.</summary>
    private static List<object> TakeAddedRows(SyncDbContext db)
    {
        var rows = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        db.ChangeTracker.Clear();
        return rows;
    }

    private static IResult Echo(string token, HttpResponse response, ILogger logger)
    {
        if (token.Length > MaxValidationTokenLength)
        {
            return Results.Problem($"validationToken is longer than {MaxValidationTokenLength} characters; Graph's tokens are far shorter.", statusCode: StatusCodes.Status400BadRequest);
        }

        // Graph requires the URL-decoded token back, exactly, as text/plain, within 10 seconds. The body is
        // the caller's own text: make sure no browser ever sniffs it into something else.
        response.Headers.XContentTypeOptions = "nosniff";
        logger.LogInformation("Answered a subscription validation handshake");
        return Results.Text(token, "text/plain", Encoding.UTF8, StatusCodes.Status200OK);
    }

    private static IResult StorageUnavailable(ILogger logger, int count, Exception ex)
    {
        // Not acknowledged: Graph retries, so the change is not lost.
        logger.LogError("Could not store {Count} notification(s): {Reason}", count, ex.GetBaseException().Message);
        return Results.Problem("The notification could not be stored right now; please retry.", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> TooLargeAsync(WebhookLog log, CancellationToken cancellationToken)
    {
        await log.BadBodyAsync(StatusCodes.Status413PayloadTooLarge, cancellationToken);
        return Results.Problem("The notification body is larger than 1 MB; Graph never sends that much.", statusCode: StatusCodes.Status413PayloadTooLarge);
    }

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
