using System.Net.Http.Json;
using GraphSimulator.Graph;
using GraphSimulator.Subscriptions;
using Microsoft.Extensions.Options;

namespace GraphSimulator.Notifications;

/// <summary>
/// One POST of a notification, the way Graph makes it: any 2xx within the delivery timeout (3 s, on the
/// simulated clock) counts as delivered; everything else is a failure the scheduler retries.
/// </summary>
public sealed class NotificationSender(IHttpClientFactory clients, DeliveryLog log, TimeProvider time, IOptions<SimulatorOptions> options, ILogger<NotificationSender> logger)
{
    public async Task<DeliveryAttempt> AttemptAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var timeout = new CancellationTokenSource(options.Value.DeliveryTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        DeliveryAttempt attempt;
        try
        {
            using var response = await clients.CreateClient(ValidationHandshake.HttpClientName)
                .PostAsJsonAsync(delivery.Url, delivery.Body, GraphJson.Options, linked.Token);
            var status = (int)response.StatusCode;
            attempt = Record(status is >= 200 and < 300 ? "delivered" : "failed") with { StatusCode = status };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            attempt = Record("timed out");
        }
        catch (HttpRequestException ex)
        {
            logger.LogInformation("Delivery to {Url} failed: {Error}", delivery.Url, ex.Message);
            attempt = Record("unreachable");
        }

        log.Add(attempt);
        return attempt;

        DeliveryAttempt Record(string outcome) =>
            new(delivery.SubscriptionId, delivery.What, delivery.ResourceId, time.GetUtcNow(), null, outcome, time.GetElapsedTime(started), delivery.Kind, delivery.Attempt + 1);
    }
}

public static class NotificationRegistration
{
    public static IServiceCollection AddNotificationDelivery(this IServiceCollection services)
    {
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<NotificationSender>();
        services.AddSingleton(provider => new DeliveryScheduler(
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<DeliveryLog>(), provider.GetRequiredService<ILogger<DeliveryScheduler>>(),
            provider.GetRequiredService<IOptions<SimulatorOptions>>().Value.NotificationLatency));
        services.AddHostedService<DeliveryPump>();
        services.AddHostedService<ChangeNotifier>();
        services.AddHostedService<SimulatorTicker>();
        return services;
    }
}
