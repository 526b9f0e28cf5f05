using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OutlookSync.Queueing.RabbitMq;

public sealed class RabbitMqHealthCheck(RabbitMqConnectionProvider connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await connections.GetAsync(cancellationToken);
            return HealthCheckResult.Healthy($"RabbitMQ at {connections.Options.SafeUrl}");
        }
        catch (QueueUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
