using OutlookSync.Queueing;

namespace OutlookSync.Sync;

/// <summary>Consumes <c>integration_calendar_outbound</c>: one booking's change to Outlook per job.</summary>
public sealed class OutboundWorker(WorkerServices services, IServiceScopeFactory scopes, ILogger<OutboundWorker> logger)
    : QueueWorker<OutboundBookingJob>(QueueNames.Outbound, services, logger)
{
    protected override async Task HandleAsync(OutboundBookingJob job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboundSync>().RunAsync(job.BookingId, cancellationToken);
    }
}
