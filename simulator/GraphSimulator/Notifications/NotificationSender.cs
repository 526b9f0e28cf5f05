using System.Net.Http.Json;
using GraphSimulator.Graph;
using GraphSimulator.Subscriptions;
using Microsoft.Extensions.Options;

namespace GraphSimulator.Notifications;

/// <summary>
/// Posts change notifications to a subscription's notificationUrl the way Graph does. Any 2xx within the
/// delivery timeout (3 s, on the simulated clock) counts as delivered.
/// </summary>
public sealed class NotificationSender(IHttpClientFactory clients, DeliveryLog log, TimeProvider time, IOptions<SimulatorOptions> options, ILogger<NotificationSender> logger)
{
    public async Task<DeliveryAttempt> SendChangeAsync(Subscription subscription, string changeType, string resourceId, CancellationToken cancellationToken)
    {
        var resource = $"Users/{subscription.MailboxId}/Events/{resourceId}";
        var body = new
        {
            value = new[]
            {
                new Dictionary<string, object?>
                {
                    ["subscriptionId"] = subscription.Id,
                    ["subscriptionExpirationDateTime"] = subscription.ExpirationDateTime,
                    ["changeType"] = changeType,
                    ["resource"] = resource,
                    ["resourceData"] = new Dictionary<string, object?>
                    {
                        ["@odata.type"] = "#Microsoft.Graph.Event",
                        ["@odata.id"] = resource,
                        ["@odata.etag"] = $"W/\"{Guid.NewGuid():N}\"",
                        ["id"] = resourceId,
                    },
                    ["clientState"] = subscription.ClientState,
                    ["tenantId"] = subscription.TenantId,
                },
            },
        };

        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(options.Value.DeliveryTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        DeliveryAttempt attempt;
        try
        {
            using var response = await clients.CreateClient(ValidationHandshake.HttpClientName)
                .PostAsJsonAsync(subscription.NotificationUrl, body, GraphJson.Options, linked.Token);
            var status = (int)response.StatusCode;
            attempt = Record(status is >= 200 and < 300 ? "delivered" : "failed");
            attempt = attempt with { StatusCode = status };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            attempt = Record("timed out");
        }
        catch (HttpRequestException ex)
        {
            logger.LogInformation("Delivery to {Url} failed: {Error}", subscription.NotificationUrl, ex.Message);
            attempt = Record("unreachable");
        }

        log.Add(attempt);
        return attempt;

        DeliveryAttempt Record(string outcome) =>
            new(subscription.Id, changeType, resourceId, time.GetUtcNow(), null, outcome, time.GetElapsedTime(started));
    }
}

public static class NotificationRegistration
{
    public static IServiceCollection AddNotificationDelivery(this IServiceCollection services)
    {
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<NotificationSender>();
        services.AddHostedService<ChangeNotifier>();
        return services;
    }
}
