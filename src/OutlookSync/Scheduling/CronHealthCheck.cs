using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OutlookSync.Storage;

namespace OutlookSync.Scheduling;

/// <summary>Degraded when ExecuteIntegrations has not run for two intervals: renewals and the polling fallback have stopped.</summary>
public sealed class CronHealthCheck(SyncDbContext db, TimeProvider time, IOptions<CronOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var heartbeat = await db.CronHeartbeats.OrderBy(h => h.Id).FirstOrDefaultAsync(cancellationToken);
        if (heartbeat is null)
        {
            return HealthCheckResult.Degraded("ExecuteIntegrations has never run.");
        }

        var age = time.GetUtcNow() - heartbeat.LastRunAt;
        return age <= 2 * options.Value.Interval
            ? HealthCheckResult.Healthy($"ExecuteIntegrations ran {age.TotalMinutes:0} minute(s) ago.")
            : HealthCheckResult.Degraded($"ExecuteIntegrations last ran {age.TotalMinutes:0} minutes ago: the cron is not running.");
    }
}
