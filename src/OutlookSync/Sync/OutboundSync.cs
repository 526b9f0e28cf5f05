using System.Globalization;
using Azure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using OutlookSync.Bookings;
using OutlookSync.Integrations;
using OutlookSync.Storage;

namespace OutlookSync.Sync;

/// <summary>
/// Mode A outbound: a booking made in the booking system becomes an item in the service account's Outlook
/// calendar (Pending: tentative, Confirmed: busy), follows its changes, and is deleted when the booking is
/// cancelled. The item carries transactionId "booking-{id}", so a retried POST creates nothing twice and the
/// inbound sync links the item to its booking instead of making a second booking (no echo loop).
/// </summary>
public sealed class OutboundSync(SyncDbContext db, GraphClients graph, ILogger<OutboundSync> logger)
{
    public static string TransactionIdOf(int bookingId) => $"booking-{bookingId}";

    public static int? BookingIdOf(string? transactionId) =>
        transactionId is { } t && t.StartsWith("booking-", StringComparison.Ordinal)
        && int.TryParse(t.AsSpan("booking-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public async Task RunAsync(int bookingId, CancellationToken cancellationToken)
    {
        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == bookingId, cancellationToken);
        if (booking?.OutboundDueAt is not { } due)
        {
            return;
        }

        var mappings = await db.Mappings.Where(m => m.ObjectId == booking.ObjectId).ToListAsync(cancellationToken);
        var done = true;
        foreach (var mapping in mappings)
        {
            var integration = await db.Integrations.FirstAsync(i => i.Id == mapping.IntegrationId, cancellationToken);
            if (integration is { Active: true, Mode: IntegrationMode.Delegated, ConnectedUser: not null })
            {
                done &= await PushAsync(integration, mapping, booking, cancellationToken);
            }
        }

        if (done)
        {
            // Only if no newer change arrived meanwhile: that one has its own job.
            await db.Bookings.Where(b => b.Id == booking.Id && b.OutboundDueAt == due)
                .ExecuteUpdateAsync(set => set.SetProperty(b => b.OutboundDueAt, (DateTimeOffset?)null).SetProperty(b => b.OutboundProblem, (string?)null), cancellationToken);
        }
    }

    private async Task<bool> PushAsync(Integration integration, CalendarMapping mapping, Booking booking, CancellationToken cancellationToken)
    {
        var events = graph.For(integration).Users[GraphClients.MailboxOf(integration, mapping)].Events;
        var link = await db.EventLinks.FirstOrDefaultAsync(l => l.MappingId == mapping.Id && l.BookingId == booking.Id, cancellationToken);
        try
        {
            if (booking.Status == BookingStatus.Cancelled)
            {
                if (link is not null)
                {
                    await DeleteAsync(events, link.OutlookEventId, cancellationToken);
                    logger.LogInformation("Booking {BookingId} cancelled: deleted its Outlook item on {Mailbox}", booking.Id, integration.ConnectedUser);
                }
            }
            else if (link is null)
            {
                var created = await events.PostAsync(ItemOf(booking, withTransactionId: true), cancellationToken: cancellationToken);
                await LinkAsync(mapping, booking, created!, cancellationToken);
                logger.LogInformation("Booking {BookingId} is now an Outlook item on {Mailbox}", booking.Id, integration.ConnectedUser);
            }
            else
            {
                var updated = await events[link.OutlookEventId].PatchAsync(ItemOf(booking, withTransactionId: false), cancellationToken: cancellationToken);
                link.ChangeKey = updated?.ChangeKey ?? link.ChangeKey;
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Booking {BookingId} ({Status}) updated on {Mailbox}", booking.Id, booking.Status, integration.ConnectedUser);
            }

            return true;
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == 404 && link is not null)
        {
            // Deleted in Outlook meanwhile: the inbound sync cancels the booking; nothing to send.
            logger.LogInformation("Booking {BookingId}: its Outlook item is gone; the inbound sync follows Outlook", booking.Id);
            return true;
        }
        catch (Exception ex) when (GraphProblems.Of(ex, integration.ConnectedUser ?? mapping.Mailbox) is { } problem)
        {
            return await FailedAsync(booking, problem, cancellationToken);
        }
    }

    /// <summary>
    /// Shown on the booking, not as the calendar's problem: the inbound sync clears those when it succeeds, and a
    /// write that keeps failing would then be e-mailed on every retry. The mark stays, so the cron retries.
    /// </summary>
    private async Task<bool> FailedAsync(Booking booking, string problem, CancellationToken cancellationToken)
    {
        logger.LogWarning("Booking {BookingId} could not be written to Outlook (retried by the cron): {Problem}", booking.Id, problem);
        booking.OutboundProblem = problem;
        await db.SaveChangesAsync(cancellationToken);
        return false;
    }

    private static async Task DeleteAsync(Microsoft.Graph.Users.Item.Events.EventsRequestBuilder events, string id, CancellationToken cancellationToken)
    {
        try
        {
            await events[id].DeleteAsync(cancellationToken: cancellationToken);
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == 404)
        {
            // Already gone: the goal is reached.
        }
    }

    /// <summary>The inbound sync may have linked the item first (it saw the transactionId): then that link stands.</summary>
    private async Task LinkAsync(CalendarMapping mapping, Booking booking, Event created, CancellationToken cancellationToken)
    {
        if (await db.EventLinks.AnyAsync(l => l.MappingId == mapping.Id && l.OutlookEventId == created.Id, cancellationToken))
        {
            return;
        }

        var link = db.EventLinks.Add(new EventLink { MappingId = mapping.Id, OutlookEventId = created.Id!, ICalUId = created.ICalUId, BookingId = booking.Id, ChangeKey = created.ChangeKey });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            link.State = EntityState.Detached;
        }
    }

    private static Event ItemOf(Booking booking, bool withTransactionId) => new()
    {
        Subject = booking.Title,
        Start = new DateTimeTimeZone { DateTime = booking.Start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), TimeZone = "UTC" },
        End = new DateTimeTimeZone { DateTime = booking.End.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), TimeZone = "UTC" },
        ShowAs = booking.Status == BookingStatus.Pending ? FreeBusyStatus.Tentative : FreeBusyStatus.Busy,
        Body = withTransactionId ? new ItemBody { ContentType = BodyType.Text, Content = $"Booked in the booking system (booking {booking.Id})." } : null,
        TransactionId = withTransactionId ? TransactionIdOf(booking.Id) : null,
    };
}
