using Microsoft.EntityFrameworkCore;
using OutlookSync.Integrations;
using OutlookSync.Storage;
using OutlookSync.Sync;

namespace OutlookSync.Bookings;

/// <summary>
/// Bookings as the booking system makes and changes them (admin API). A new booking or a status change on
/// an object synced by mode A is sent on to the service account's Outlook calendar (TEST-15).
/// </summary>
public static class BookingEndpoints
{
    private static readonly TimeSpan LongestBooking = TimeSpan.FromDays(14);

    public static RouteGroupBuilder MapBookings(this RouteGroupBuilder admin)
    {
        admin.MapGet("/bookings", async (SyncDbContext db, int? objectId) =>
            Results.Ok(await db.Bookings.Where(b => objectId == null || b.ObjectId == objectId).OrderBy(b => b.Id).ToListAsync()));
        admin.MapPost("/bookings", CreateAsync);
        admin.MapPut("/bookings/{id:int}/status", SetStatusAsync);
        return admin;
    }

    private static async Task<IResult> CreateAsync(BookingRequest request, SyncDbContext db, OutboundQueue outbound, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Length > 255)
        {
            errors["title"] = ["A title of 1..255 characters is required."];
        }

        if (request.Start is not { } start || request.End is not { } end || end <= start || end - start > LongestBooking)
        {
            errors["end"] = ["start and end are required (ISO 8601 with offset), end after start, at most 14 days apart."];
        }

        if (!TryParseOpenStatus(request.Status ?? "Confirmed", out var status))
        {
            errors["status"] = ["A new booking is 'Confirmed' or 'Pending'."];
        }

        if (request.BookerEmail is { } email && (email.Length > 320 || !System.Net.Mail.MailAddress.TryCreate(email, out _)))
        {
            errors["bookerEmail"] = ["Not an e-mail address."];
        }

        if (errors.Count == 0 && !await db.Objects.AnyAsync(o => o.Id == request.ObjectId, cancellationToken))
        {
            errors["objectId"] = [$"No object {request.ObjectId}."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var now = time.GetUtcNow();
        var booking = new Booking
        {
            ObjectId = request.ObjectId,
            Title = request.Title!.Trim(),
            Start = request.Start!.Value.ToUniversalTime(),
            End = request.End!.Value.ToUniversalTime(),
            Status = status,
            BookerEmail = request.BookerEmail,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Bookings.Add(booking);
        await outbound.MarkAndSaveAsync(booking, cancellationToken);
        return Results.Created($"/api/admin/bookings/{booking.Id}", booking);
    }

    private static async Task<IResult> SetStatusAsync(int id, StatusRequest request, SyncDbContext db, OutboundQueue outbound, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<BookingStatus>(request.Status, ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(request.Status, out _))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Status is 'Pending', 'Confirmed' or 'Cancelled'."] });
        }

        var booking = await db.Bookings.FirstOrDefaultAsync(b => b.Id == id, cancellationToken);
        if (booking is null)
        {
            return Results.NotFound();
        }

        if (booking.Status == BookingStatus.Cancelled && status != BookingStatus.Cancelled)
        {
            return Results.Conflict(new { error = "A cancelled booking stays cancelled; make a new booking instead." });
        }

        if (booking.Status == status)
        {
            return Results.Ok(booking);
        }

        (booking.Status, booking.UpdatedAt) = (status, time.GetUtcNow());
        await outbound.MarkAndSaveAsync(booking, cancellationToken);
        return Results.Ok(booking);
    }

    private static bool TryParseOpenStatus(string value, out BookingStatus status) =>
        Enum.TryParse(value, ignoreCase: true, out status) && status is BookingStatus.Confirmed or BookingStatus.Pending && !int.TryParse(value, out _);

    public sealed record BookingRequest(int ObjectId, string? Title, DateTimeOffset? Start, DateTimeOffset? End, string? Status, string? BookerEmail);

    public sealed record StatusRequest(string? Status);
}
