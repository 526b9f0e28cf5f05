using Microsoft.EntityFrameworkCore;
using OutlookSync.Bookings;
using OutlookSync.Integrations;
using OutlookSync.Queueing;
using OutlookSync.Queueing.Outbox;
using OutlookSync.Storage;

namespace OutlookSync.Sync;

/// <summary>The job on integration_calendar_outbound: send this booking's current state to Outlook.</summary>
public sealed record OutboundBookingJob(int BookingId, DateTimeOffset QueuedAt);

/// <summary>
/// Saves a booking-system change together with its "due for Outlook" mark and its outbound job (outbox),
/// in one commit. The mark stays until Outlook has the change: ExecuteIntegrations queues again every
/// booking whose write failed.
/// </summary>
public sealed class OutboundQueue(SyncDbContext db, JobOutbox outbox, TimeProvider time)
{
    public async Task MarkAndSaveAsync(Booking booking, CancellationToken cancellationToken)
    {
        // Only bookings made in the booking system go out; an Outlook item's organizer owns that item.
        var synced = booking.Source != "outlook" && await SyncedByModeAAsync(booking.ObjectId, cancellationToken);
        if (!synced)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        booking.OutboundDueAt = time.GetUtcNow();
        if (booking.Id == 0)
        {
            // A new booking's id is known only once it is saved: the job follows in a second, short commit.
            // Should that one fail, the due mark (already committed) has the cron queue it.
            await db.SaveChangesAsync(cancellationToken);
        }

        outbox.Add(QueueNames.Outbound, new OutboundBookingJob(booking.Id, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }

    private Task<bool> SyncedByModeAAsync(int objectId, CancellationToken cancellationToken) =>
        db.Mappings.AnyAsync(m => m.ObjectId == objectId
            && db.Integrations.Any(i => i.Id == m.IntegrationId && i.Active && i.Mode == IntegrationMode.Delegated), cancellationToken);
}
