using OutlookSync.Queueing;
using OutlookSync.Sync;

namespace OutlookSync.Webhooks;

/// <summary>
/// Hands a webhook request's jobs straight to a durable queue (RabbitMQ), so Graph is answered on the broker's
/// confirm instead of after a database commit and a relay. Anything short of every confirm within the budget (the
/// broker away, slow or refusing) sends the request the outbox way instead, so nothing acknowledged is lost; after
/// such a failure the outbox way is taken for a few seconds without trying, so an outage costs no request its wait.
/// </summary>
public sealed class DirectHandOff(IJobQueue queue, ILogger<DirectHandOff> logger)
{
    // Real time, as for any wait on I/O: Graph gives the webhook 3 s, and the outbox way still has to fit in them.
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RestAfterFailure = TimeSpan.FromSeconds(5);

    private long _restUntil;

    /// <summary>True when every job is confirmed by the broker; false when the caller must store them in the outbox.</summary>
    public async Task<bool> TryPublishAsync(IReadOnlyList<InboundNotificationJob> jobs, CancellationToken cancellationToken)
    {
        if (!queue.KeepsJobsDurably || Environment.TickCount64 < Volatile.Read(ref _restUntil)) // wall-clock ok: a wait on the broker
        {
            return false;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        try
        {
            await Task.WhenAll(jobs.Select(async job =>
            {
                using var publishing = Diagnostics.Telemetry.ServiceTelemetry.StartPublish(QueueNames.Inbound, Diagnostics.Telemetry.ServiceTelemetry.CurrentTraceParent());
                await queue.PublishAsync(QueueNames.Inbound, JobSerializer.Serialize(job), budget.Token);
            }));
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A job published before the failure may be queued twice (here and from the outbox): workers drop duplicates.
            if (Interlocked.Exchange(ref _restUntil, Environment.TickCount64 + (long)RestAfterFailure.TotalMilliseconds) < Environment.TickCount64) // wall-clock ok
            {
                logger.LogWarning("Notifications go through the outbox for {Seconds} s: the broker did not confirm them within {Budget} ms ({Reason})",
                    RestAfterFailure.TotalSeconds, Budget.TotalMilliseconds, ex is OperationCanceledException ? "no confirm in time" : ex.Message);
            }

            return false;
        }
    }
}
