using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using OutlookSync.Storage;

namespace OutlookSync.Webhooks;

/// <summary>
/// Group commit for the webhook: the rows of requests that arrive together (their outbox jobs and log lines) are
/// written in one transaction, so one commit — SQLite has one writer and every commit waits for the disk — serves
/// many of Graph's POSTs at once. Each request is still answered only after its own rows are committed.
/// </summary>
public sealed class WebhookCommits(IServiceScopeFactory scopes, ILogger<WebhookCommits> logger) : BackgroundService
{
    private const int MaxRequestsPerCommit = 256;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Commits the rows (with those of other requests waiting now); throws what the commit threw, or TimeoutException after <paramref name="budget"/>.</summary>
    public Task CommitAsync(IReadOnlyList<object> rows, TimeSpan budget, CancellationToken cancellationToken)
    {
        var pending = new Pending(rows, budget, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The service is stopping: the webhook takes no more notifications.");
        }

        return pending.Committed.Task.WaitAsync(budget, cancellationToken);
    }

    /// <summary>Best effort, not waited for: rows nothing depends on (the webhook's log lines of jobs the broker already holds).</summary>
    public void CommitLater(IReadOnlyList<object> rows)
    {
        var pending = new Pending(rows, TimeSpan.FromSeconds(10), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_pending.Writer.TryWrite(pending))
        {
            logger.LogDebug("The service is stopping: {Rows} webhook log line(s) not written", rows.Count);
            return;
        }

        pending.Committed.Task.ContinueWith(
            failed => logger.LogDebug("{Rows} webhook log line(s) not written: {Reason}", rows.Count, failed.Exception?.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxRequestsPerCommit);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxRequestsPerCommit && _pending.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                await CommitAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: requests still waiting are answered 503 below (Graph retries them elsewhere).
        }

        _pending.Writer.TryComplete();
        foreach (var left in batch.Concat(_pending.Reader.ReadAllAsync(CancellationToken.None).ToBlockingEnumerable()))
        {
            left.Committed.TrySetException(new InvalidOperationException("The service stopped before the notification was stored."));
        }
    }

    private async Task CommitAsync(List<Pending> batch, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
            // The shortest budget among the waiting requests: none of them waits on a lock longer than it may.
            db.Database.Limit(batch.Min(p => p.Budget));
            var rows = batch.SelectMany(p => p.Rows).ToList();
            if (rows.TrueForAll(r => r is WebhookEvent))
            {
                await InsertLogLinesAsync(db, rows.Cast<WebhookEvent>(), stoppingToken);
            }
            else
            {
                db.AddRange(rows);
                await db.SaveChangesAsync(stoppingToken);
            }

            batch.ForEach(p => p.Committed.TrySetResult());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug("A webhook commit of {Requests} request(s) failed: {Reason}", batch.Count, ex.Message);
            batch.ForEach(p => p.Committed.TrySetException(ex));
        }
    }

    /// <summary>
    /// Log lines alone (those of jobs the broker already holds, nearly every commit at a busy webhook) in one
    /// statement: the unit of work's tracking cost more CPU than the insert, CPU the 2 cores' requests then waited for.
    /// </summary>
    private static Task InsertLogLinesAsync(SyncDbContext db, IEnumerable<WebhookEvent> lines, CancellationToken cancellationToken)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(lines.Select(l => new object?[] { StoredTime.Of(l.At), l.Kind, l.SubscriptionId, l.Change, l.Outcome }));
        FormattableString insert = db.Database.IsNpgsql()
            ? (FormattableString)$"INSERT INTO \"WebhookEvents\" (\"At\", \"Kind\", \"SubscriptionId\", \"Change\", \"Outcome\") SELECT (r ->> 0)::bigint, r ->> 1, r ->> 2, r ->> 3, r ->> 4 FROM jsonb_array_elements({json}::jsonb) WITH ORDINALITY AS l(r, n) ORDER BY n"
            : (FormattableString)$"INSERT INTO \"WebhookEvents\" (\"At\", \"Kind\", \"SubscriptionId\", \"Change\", \"Outcome\") SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each({json}) ORDER BY key";
        return db.Database.ExecuteSqlAsync(insert, cancellationToken);
    }

    private sealed record Pending(IReadOnlyList<object> Rows, TimeSpan Budget, TaskCompletionSource Committed);
}
