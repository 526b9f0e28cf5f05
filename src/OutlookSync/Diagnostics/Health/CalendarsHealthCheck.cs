using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OutlookSync.Storage;

namespace OutlookSync.Diagnostics.Health;

/// <summary>Degraded while a calendar of an active integration has a problem (sign-in, consent, access policy...), naming the first ones.</summary>
public sealed class CalendarsHealthCheck(SyncDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = await db.Mappings
            .Where(m => m.Problem != null && db.Integrations.Any(i => i.Id == m.IntegrationId && i.Active))
            .OrderBy(m => m.Id)
            .Select(m => new { m.IntegrationId, m.Problem })
            .ToListAsync(cancellationToken);
        if (problems.Count == 0)
        {
            return HealthCheckResult.Healthy("Every calendar of an active integration syncs.");
        }

        var first = problems.Select(p => $"integration {p.IntegrationId}: {p.Problem}").Distinct().Take(3);
        return HealthCheckResult.Degraded($"{problems.Count} calendar(s) cannot sync: {string.Join(" | ", first)}");
    }
}
