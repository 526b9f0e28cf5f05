using Microsoft.Extensions.Diagnostics.HealthChecks;
using OutlookSync.Diagnostics;

namespace OutlookSync.Scheduling;

/// <summary>Degraded when ExecuteIntegrations has not run for two intervals: renewals and the polling fallback have stopped.</summary>
public sealed class CronHealthCheck(ServiceState state) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var cron = await state.CronAsync(cancellationToken);
        return cron.Running ? HealthCheckResult.Healthy(cron.Message) : HealthCheckResult.Degraded(cron.Message);
    }
}
