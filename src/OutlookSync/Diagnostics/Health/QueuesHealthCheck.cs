using Microsoft.Extensions.Diagnostics.HealthChecks;
using OutlookSync.Queueing;
using OutlookSync.Queueing.RabbitMq;

namespace OutlookSync.Diagnostics.Health;

/// <summary>Degraded while jobs wait on a queue that no worker anywhere consumes (INFRA-4, TEST-12, PROD-06).</summary>
public sealed class QueuesHealthCheck(IJobQueue queue) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stuck = new List<string>();
        foreach (var name in QueueNames.All)
        {
            try
            {
                var state = await queue.InspectAsync(name, cancellationToken);
                if (state is { Messages: > 0, Consumers: 0 })
                {
                    stuck.Add($"{state.Messages} job(s) wait on {name} with no consumer anywhere");
                }
            }
            catch (Exception ex) when (ex is QueueUnavailableException or QueueMisconfiguredException)
            {
                return HealthCheckResult.Degraded($"Queues not inspected: {ex.Message}");
            }
        }

        return stuck.Count == 0
            ? HealthCheckResult.Healthy("Every queue with jobs has a consumer.")
            : HealthCheckResult.Degraded(string.Join("; ", stuck) + ": start a worker (INFRA-4, TEST-12).");
    }
}
