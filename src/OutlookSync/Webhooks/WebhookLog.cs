using OutlookSync.Storage;

namespace OutlookSync.Webhooks;

/// <summary>
/// Writes what happens at the webhook into the bounded log the diagnostics screen shows. A notification batch's lines
/// are handed to the caller to commit (with its outbox rows, or later); a hostile batch adds at most a few rows.
/// </summary>
public sealed class WebhookLog(SyncDbContext db, WebhookCounters counters, TimeProvider time, ILogger<WebhookLog> logger)
{
    private const int MaxRowsPerRequest = 20;

    public async Task ValidationAsync(bool echoed, CancellationToken cancellationToken)
    {
        db.WebhookEvents.Add(new WebhookEvent { At = time.GetUtcNow(), Kind = "validation", Outcome = echoed ? WebhookEvent.Outcomes.Echoed : "refused: token too long" });
        await SaveAsync(cancellationToken);
    }

    /// <summary>
    /// A batch's log lines, not yet written: the caller commits them with its outbox rows, or later, once the broker
    /// holds the jobs. Kept out of the request's unit of work, so a webhook that needs no outbox row never touches it.
    /// </summary>
    public List<WebhookEvent> Notifications(GateResult gated)
    {
        var now = time.GetUtcNow();
        var rows = gated.Accepted.Select(n => (n, WebhookEvent.Outcomes.Queued))
            .Concat(gated.Ignored.Select(n => (n, WebhookEvent.Outcomes.Ignored)))
            .Select(x => new WebhookEvent { At = now, Kind = "notification", SubscriptionId = Cut(x.n.SubscriptionId), Change = Cut(x.n.ChangeType ?? x.n.LifecycleEvent), Outcome = x.Item2 })
            .Concat(gated.Rejected.Select(id => new WebhookEvent { At = now, Kind = "notification", SubscriptionId = Cut(id), Outcome = WebhookEvent.Outcomes.Spoofed }))
            .ToList();
        if (rows.Count <= MaxRowsPerRequest)
        {
            return rows;
        }

        var kept = rows.Take(MaxRowsPerRequest).ToList();
        kept.Add(new WebhookEvent { At = now, Kind = "notification", Outcome = $"{rows.Count - MaxRowsPerRequest} more in the same request, not listed" });
        return kept;
    }

    /// <summary>Writes log lines now (best effort), for a request that queues nothing.</summary>
    public Task SaveAsync(IEnumerable<WebhookEvent> rows, CancellationToken cancellationToken)
    {
        db.WebhookEvents.AddRange(rows);
        return SaveAsync(cancellationToken);
    }

    /// <summary>A body that is not a Graph notification batch (400) or far too large (413): counted, and one row in the log.</summary>
    public Task BadBodyAsync(int status, CancellationToken cancellationToken)
    {
        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            counters.TooLarge();
        }
        else
        {
            counters.Malformed();
        }

        db.WebhookEvents.Add(new WebhookEvent { At = time.GetUtcNow(), Kind = "notification", Outcome = status == StatusCodes.Status413PayloadTooLarge ? WebhookEvent.Outcomes.TooLarge : WebhookEvent.Outcomes.Malformed });
        return SaveAsync(cancellationToken);
    }

    /// <summary>Committed with their outbox rows: counted once durable.</summary>
    public void Queued(int count) => counters.Accepted(count);

    /// <summary>The database could not take the notifications (Graph retries): counted here, as the log itself is in the database.</summary>
    public void Refused(int count) => counters.Refused(count);

    /// <summary>Best effort: the log must never cost the webhook its answer.</summary>
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Graph waits 10 s for a validation and 3 s for notifications: a locked database costs the log, not the answer.
            db.Database.Limit(TimeSpan.FromSeconds(1));
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            logger.LogWarning("Could not write the webhook log: {Reason}", ex.GetBaseException().Message);
        }
    }

    private static string? Cut(string? value) => value is { Length: > 200 } ? value[..200] : value;
}
