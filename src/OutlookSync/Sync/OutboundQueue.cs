using Microsoft.EntityFrameworkCore;
using OutlookSync.Bookings;
using OutlookSync.Integrations;
using OutlookSync.Queueing;
using OutlookSync.Storage;

namespace OutlookSync.Sync;

/// <summary>The job on integration_calendar_outbound: send this booking's current state to Outlook.</summary>
public sealed record OutboundBookingJob(int BookingId, DateTimeOffset QueuedAt);

/// <summary>
/// Saves a booking-system change together with its "due for Outlook" mark, then queues the outbound job.
/// The mark is in the same commit as the change, so a broker outage loses nothing: ExecuteIntegrations
/// queues every booking still due after a few minutes.
/// </summary>
public sealed class OutboundQueue(SyncDbContext db, IJobQueue queue, TimeProvider time, ILogger<OutboundQueue> logger)
{
    public async Task MarkAndSaveAsync(Booking booking, CancellationToken cancellationToken)
    {
        // Only bookings made in the booking system go out; an Outlook item's organizer owns that item.
        var synced = booking.Source != "outlook" && await SyncedByModeAAsync(booking.ObjectId, cancellationToken);
        if (synced)
        {
            booking.OutboundDueAt = time.GetUtcNow();
        }

        await db.SaveChangesAsync(cancellationToken);
        if (!synced)
        {
            return;
        }

        try
        {
            await queue.PublishAsync(QueueNames.Outbound, new OutboundBookingJob(booking.Id, time.GetUtcNow()), cancellationToken);
        }
        catch (QueueUnavailableException ex)
        {
            logger.LogWarning("Booking {BookingId} saved; its Outlook update waits for the cron (queue unavailable: {Reason})", booking.Id, ex.Message);
        }
    }

    private Task<bool> SyncedByModeAAsync(int objectId, CancellationToken cancellationToken) =>
        db.Mappings.AnyAsync(m => m.ObjectId == objectId
            && db.Integrations.Any(i => i.Id == m.IntegrationId && i.Active && i.Mode == IntegrationMode.Delegated), cancellationToken);
}
