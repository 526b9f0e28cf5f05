using Microsoft.Extensions.Diagnostics.HealthChecks;
using OutlookSync.Queueing;
using OutlookSync.Queueing.RabbitMq;

namespace OutlookSync.Diagnostics.Health;

/// <summary>
/// The broker as this process sees it. Only Degraded when unreachable: a web node still accepts
/// notifications into the outbox, so a load balancer must not take it out; worker processes turn Unhealthy
/// through <see cref="ConsumersHealthCheck"/>.
/// </summary>
public sealed class BrokerHealthCheck(RabbitMqConnectionProvider connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await connections.GetAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Connected to RabbitMQ at {connections.Options.SafeUrl}.");
        }
        catch (QueueUnavailableException ex)
        {
            var since = connections.Outage is { } outage ? $" (since {outage.Since:u})" : "";
            return HealthCheckResult.Degraded($"{ex.Message}{since} Jobs wait in the outbox until it is back.");
        }
        catch (QueueMisconfiguredException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
