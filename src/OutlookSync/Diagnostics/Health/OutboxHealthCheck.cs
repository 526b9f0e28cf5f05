using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OutlookSync.Queueing.Outbox;
using OutlookSync.Storage;

namespace OutlookSync.Diagnostics.Health;

/// <summary>Degraded while this process's relay cannot hand jobs to the queue; says how many wait.</summary>
public sealed class OutboxHealthCheck(OutboxRelay relay, SyncDbContext db, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var waiting = await db.Outbox.CountAsync(m => m.AvailableAt == null || m.AvailableAt <= now, cancellationToken);
        var deferred = await db.Outbox.CountAsync(m => m.AvailableAt > now, cancellationToken);
        var throttled = deferred == 0 ? "" : $" {deferred} job(s) wait for Graph's Retry-After.";
        return relay.Problem is { } problem
            ? HealthCheckResult.Degraded($"{waiting} job(s) wait in the outbox; publishing fails since {problem.Since:u}: {problem.Reason}.{throttled}")
            : HealthCheckResult.Healthy($"{waiting} job(s) on their way from the outbox to the queue.{throttled}");
    }
}
