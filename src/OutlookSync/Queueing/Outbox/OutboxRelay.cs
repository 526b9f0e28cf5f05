using Microsoft.EntityFrameworkCore;
using OutlookSync.Hosting;
using OutlookSync.Queueing.RabbitMq;
using OutlookSync.Storage;

namespace OutlookSync.Queueing.Outbox;

/// <summary>
/// Publishes committed outbox rows a batch at a time (oldest first; the publishes of a batch overlap, each with
/// its own confirm, so jobs of one batch may reach the queue in another order: every job reads the current state,
/// so order does not matter), and deletes each only once the queue has it.
/// Runs in every process: woken by this process's commits, and polling for rows other processes left (the
/// one-shot cron command, a node that died mid-batch). While the broker is away it backs off and says so in
/// /health; nothing is dropped.
/// </summary>
public sealed class OutboxRelay(IServiceScopeFactory scopes, IJobQueue queue, OutboxSignal signal, ProcessFailure failure, TimeProvider time, ILogger<OutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 100;

    // Real time: polling and backoff follow the broker's real outage, and claims are leases between live processes.
    private static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>Why the last attempt to publish failed, and since when; null once jobs flow again.</summary>
    public RelayProblem? Problem { get; private set; }

    /// <summary>Jobs this process's relay has published.</summary>
    public long Published => Interlocked.Read(ref _published);

    private long _published;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await RelayBatchAsync(stoppingToken);
                if (Problem is not null)
                {
                    logger.LogInformation("Outbox relay publishing again after: {Reason}", Problem.Reason);
                    Problem = null;
                }

                retry = FirstRetry;
                if (sent < BatchSize)
                {
                    await signal.WaitAsync(PollEvery, stoppingToken);
                }
            }
            catch (QueueMisconfiguredException ex)
            {
                failure.Stop(ex.Message);
                return;
            }
            catch (Exception ex) when (ex is QueueUnavailableException or System.Data.Common.DbException or DbUpdateException && !stoppingToken.IsCancellationRequested)
            {
                if (Problem is null)
                {
                    logger.LogWarning("Outbox relay cannot publish: {Reason}. Jobs wait in the outbox; retrying", ex.Message);
                }

                Problem = new RelayProblem(ex.Message, Problem?.Since ?? TimeProvider.System.GetUtcNow()); // wall-clock ok
                await Task.Delay(retry, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Publishes up to one batch; the number sent. Used by the one-shot command too, to send its own jobs before it exits.</summary>
    public async Task<int> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
        var now = TimeProvider.System.GetUtcNow(); // wall-clock ok: a lease between live processes
        var token = Guid.NewGuid();
        var until = now + Lease;
        await using (var claim = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var candidates = await db.FreeOutboxRowsAsync(now, time.GetUtcNow(), BatchSize, cancellationToken);
            if (candidates.Count == 0)
            {
                return 0;
            }

            // Read and claimed in one transaction: SQLite's is IMMEDIATE (one writer), PostgreSQL's holds the rows' locks.
            await db.Outbox.Where(m => candidates.Contains(m.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimToken, token).SetProperty(m => m.ClaimedUntil, until), cancellationToken);
            await claim.CommitAsync(cancellationToken);
        }

        var batch = await db.Outbox.AsNoTracking().Where(m => m.ClaimToken == token).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        var sent = new System.Collections.Concurrent.ConcurrentBag<long>();
        try
        {
            await Task.WhenAll(batch.Select(async message =>
            {
                using var publishing = Diagnostics.Telemetry.ServiceTelemetry.StartPublish(message.Queue, message.TraceParent);
                await queue.PublishAsync(message.Queue, message.Body, cancellationToken);
                sent.Add(message.Id);
            }));
        }
        catch
        {
            // Give the rest back at once (not after the lease), so the next attempt, here or elsewhere, takes them.
            var published = sent.ToList();
            await db.Outbox.Where(m => m.ClaimToken == token && !published.Contains(m.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null).SetProperty(m => m.Attempts, m => m.Attempts + 1), CancellationToken.None);
            throw;
        }
        finally
        {
            if (!sent.IsEmpty)
            {
                var published = sent.ToList();
                await db.Outbox.Where(m => published.Contains(m.Id)).ExecuteDeleteAsync(CancellationToken.None);
                Interlocked.Add(ref _published, sent.Count);
            }
        }

        return sent.Count;
    }
}

/// <summary>The relay cannot publish: why, and since when (real time).</summary>
public sealed record RelayProblem(string Reason, DateTimeOffset Since);
