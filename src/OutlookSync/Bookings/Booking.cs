namespace OutlookSync.Bookings;

/// <summary>Something people book: a room or another resource.</summary>
public sealed class BookableObject
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public string Kind { get; set; } = "room";
}

public enum BookingStatus
{
    Pending,
    Confirmed,
    Cancelled,
}

/// <summary>A booking of an object; those made from Outlook remember where they came from.</summary>
public sealed class Booking
{
    public int Id { get; set; }

    public int ObjectId { get; set; }

    public required string Title { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public BookingStatus Status { get; set; }

    public string? BookerEmail { get; set; }

    public string Source { get; set; } = "booking-system";

    /// <summary>For an occurrence of a recurring Outlook meeting: its series master's id in the synced calendar.</summary>
    public string? OutlookSeriesId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Since when a change made in the booking system waits to reach Outlook (mode A); cleared once it has.
    /// The outbound job is queued at once; the cron queues it again if it is still due minutes later.
    /// </summary>
    public DateTimeOffset? OutboundDueAt { get; set; }

    /// <summary>Why the last attempt to write this booking to Outlook failed (retried by the cron); null when fine.</summary>
    public string? OutboundProblem { get; set; }
}
