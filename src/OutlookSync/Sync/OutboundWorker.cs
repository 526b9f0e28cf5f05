using Microsoft.Extensions.Options;
using OutlookSync.Hosting;
using OutlookSync.Queueing;

namespace OutlookSync.Sync;

/// <summary>Consumes <c>integration_calendar_outbound</c> in worker processes: one booking's change to Outlook per job.</summary>
public sealed class OutboundWorker(IJobQueue queue, IServiceScopeFactory scopes, WorkTracker work, TimeProvider time, IOptions<ServiceRoles> roles, ILogger<OutboundWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        roles.Value.RunsWorkers
            ? WorkerLoop.ConsumeAsync(queue, QueueNames.Outbound, HandleAsync, time, logger, stoppingToken)
            : Task.CompletedTask;

    private async Task HandleAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var _ = work.Start(QueueNames.Outbound);
        var job = JobSerializer.Deserialize<OutboundBookingJob>(body);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutboundSync>().RunAsync(job.BookingId, cancellationToken);
    }
}
