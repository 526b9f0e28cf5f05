using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OutlookSync.Queueing;
using OutlookSync.Scheduling;
using OutlookSync.Storage;

namespace OutlookSync.Diagnostics;

/// <summary>
/// How the service's processes are doing: the cron's heartbeat, the queues and the processes seen lately
/// (with stale workers). The status endpoint shows it; the readiness check judges it (PROD-06).
/// </summary>
public sealed class ServiceState(SyncDbContext db, IJobQueue queue, WorkTracker work, TimeProvider time, IOptions<CronOptions> cron)
{
    private static readonly TimeSpan SeenLately = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Per integration, how far its calendars are subscribed: a live subscription, a problem the operator must fix,
    /// or (active, neither yet) waiting for a worker — the progress of an activation in the background; inactive, the
    /// subscriptions still to delete at Graph (a deactivation in the background, or deletes Graph refused).
    /// </summary>
    public async Task<IReadOnlyList<ActivationProgress>> ActivationsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = await db.Mappings
            .Join(db.Integrations, m => m.IntegrationId, i => i.Id, (m, i) => new
            {
                i.Id,
                i.Active,
                Subscribed = db.Subscriptions.Any(s => s.MappingId == m.Id && s.ExpiresAt > now),
                Unremoved = db.Subscriptions.Any(s => s.MappingId == m.Id),
                HasProblem = m.Problem != null,
            })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.Id, r.Active)).OrderBy(g => g.Key.Id).Select(g =>
        {
            var (total, subscribed, problems) = (g.Count(), g.Count(r => r.Subscribed), g.Count(r => !r.Subscribed && r.HasProblem));
            var waiting = g.Key.Active ? total - subscribed - problems : 0;
            return new ActivationProgress(g.Key.Id, g.Key.Active, total, subscribed, problems, waiting,
                !g.Key.Active ? g.Count(r => r.Unremoved) is var left and > 0 ? $"Inactive: {left} subscription(s) still to delete at Graph." : "Inactive."
                : waiting > 0 ? $"Activating: {subscribed} of {total} calendar(s) subscribed, {waiting} waiting for a worker{(problems > 0 ? $", {problems} with a problem" : "")}."
                : problems > 0 ? $"{subscribed} of {total} calendar(s) subscribed; {problems} with a problem (see each calendar)."
                : $"All {total} calendar(s) subscribed.");
        }).ToList();
    }

    public async Task<CronView> CronAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var heartbeat = await db.CronHeartbeats.OrderBy(h => h.Id).FirstOrDefaultAsync(cancellationToken);
        var running = heartbeat is not null && now - heartbeat.LastRunAt <= 2 * cron.Value.Interval;
        var message = heartbeat is null
            ? await FirstRunAsync(cancellationToken)
            : running
                ? "ExecuteIntegrations is running."
                : $"ExecuteIntegrations last ran {(now - heartbeat.LastRunAt).TotalMinutes:0} minutes ago: the cron is not running (INFRA-3, TEST-11, PROD-06).";
        return new CronView(heartbeat?.LastRunAt, heartbeat?.RunBy, heartbeat is null ? null : (now - heartbeat.LastRunAt).TotalSeconds, running, message);
    }

    /// <summary>Before the first run: either no process runs the schedule, or one does and its first tick is still to come.</summary>
    private async Task<string> FirstRunAsync(CancellationToken cancellationToken)
    {
        var scheduler = (await NodesAsync(cancellationToken)).FirstOrDefault(n => n.Roles.Split(',').Contains("cron", StringComparer.Ordinal));
        return scheduler is null
            ? "ExecuteIntegrations has never run: start the cron (role 'cron' or the one-shot command in a system cron) (INFRA-3, TEST-11)."
            : $"ExecuteIntegrations has not run yet: process {scheduler.Id} (role cron, started {scheduler.StartedAt:u}) runs it every {cron.Value.Interval.TotalMinutes:0.#} minute(s) (INFRA-3, TEST-11).";
    }

    public async Task<IReadOnlyList<QueueView>> QueuesAsync(CancellationToken cancellationToken)
    {
        var queues = new List<QueueView>();
        foreach (var name in QueueNames.All)
        {
            try
            {
                var state = await queue.InspectAsync(name, cancellationToken);
                queues.Add(new QueueView(state.Name, state.Messages, state.Consumers, work.InFlight(name), null, await DeadLettersAsync(name, cancellationToken)));
            }
            catch (QueueUnavailableException ex)
            {
                queues.Add(new QueueView(name, -1, -1, work.InFlight(name), ex.Message, null));
            }
        }

        return queues;
    }

    /// <summary>Jobs set aside after failing RabbitMq:DeliveryLimit times; null when the dead-letter queue cannot be read.</summary>
    private async Task<long?> DeadLettersAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await queue.InspectAsync(QueueNames.DeadLetter(name), cancellationToken)).Messages;
        }
        catch (Exception ex) when (ex is QueueUnavailableException or Queueing.RabbitMq.QueueMisconfiguredException)
        {
            return null;
        }
    }

    /// <summary>Processes seen in the last 5 minutes; a worker running another build or configuration than the newest web node is stale.</summary>
    public async Task<IReadOnlyList<NodeView>> NodesAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var live = (await db.NodeHeartbeats.ToListAsync(cancellationToken)).Where(n => now - n.LastSeenAt <= SeenLately).ToList();
        var newestWeb = live.Where(n => n.Roles.Contains("web", StringComparison.Ordinal)).MaxBy(n => n.StartedAt);
        return live.OrderBy(n => n.StartedAt).Select(n =>
        {
            var stale = newestWeb is not null && n.Roles.Contains("worker", StringComparison.Ordinal) && n.Id != newestWeb.Id
                && (n.BuildVersion != newestWeb.BuildVersion || n.ConfigVersion != newestWeb.ConfigVersion);
            return new NodeView(n.Id, n.Roles, n.BuildVersion, n.ConfigVersion, n.StartedAt, n.LastSeenAt, stale,
                stale ? "This worker runs another build or configuration than the web node: restart the workers after a deploy (INFRA-5, PROD-06)." : null);
        }).ToList();
    }
}

public sealed record CronView(DateTimeOffset? LastRunAt, string? RunBy, double? AgeSeconds, bool Running, string Message);

public sealed record QueueView(string Name, long Messages, long Consumers, int InFlightHere, string? Problem, long? DeadLetters);

public sealed record NodeView(string Id, string Roles, string BuildVersion, string ConfigVersion, DateTimeOffset StartedAt, DateTimeOffset LastSeenAt, bool Stale, string? Message);

/// <summary>How far an integration's calendars are subscribed (see <see cref="ServiceState.ActivationsAsync"/>).</summary>
public sealed record ActivationProgress(int IntegrationId, bool Active, int Calendars, int Subscribed, int Problems, int Waiting, string Message);
