using System.Threading.Channels;
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
            foreach (var pending in batch)
            {
                db.AddRange(pending.Rows);
            }

            await db.SaveChangesAsync(stoppingToken);
            batch.ForEach(p => p.Committed.TrySetResult());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug("A webhook commit of {Requests} request(s) failed: {Reason}", batch.Count, ex.Message);
            batch.ForEach(p => p.Committed.TrySetException(ex));
        }
    }

    private sealed record Pending(IReadOnlyList<object> Rows, TimeSpan Budget, TaskCompletionSource Committed);
}
