using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OutlookSync.Hosting;
using OutlookSync.Queueing;

namespace OutlookSync.Diagnostics.Health;

/// <summary>Unhealthy in a worker process that does not consume every queue itself right now: its jobs are not being done here.</summary>
public sealed class ConsumersHealthCheck(ConsumerRegistry consumers, IOptions<ServiceRoles> roles) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!roles.Value.RunsWorkers)
        {
            return Task.FromResult(HealthCheckResult.Healthy("No worker role in this process."));
        }

        var states = consumers.Snapshot().ToDictionary(s => s.Queue, StringComparer.Ordinal);
        var missing = QueueNames.All
            .Select(queue => states.TryGetValue(queue, out var state)
                ? state.Running ? null : $"{queue}: no consumer since {state.Since:u} ({state.Problem})"
                : $"{queue}: no consumer yet (starting)")
            .OfType<string>().ToList();
        return Task.FromResult(missing.Count == 0
            ? HealthCheckResult.Healthy($"Consuming {string.Join(", ", QueueNames.All)}.")
            : HealthCheckResult.Unhealthy("This worker is not consuming: " + string.Join("; ", missing) + "."));
    }
}
