namespace GraphSimulator.Calendars;

/// <summary>
/// One copy of a meeting in one mailbox. The organizer and every attendee (rooms included) hold copies
/// with their own ids and the same iCalUId, as Exchange does.
/// </summary>
public sealed record CalendarEvent
{
    public required string Id { get; init; }
    public required string MailboxId { get; init; }
    public required string ICalUId { get; init; }
    public required string ChangeKey { get; init; }
    public string Subject { get; init; } = "";
    public string BodyPreview { get; init; } = "";
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public required EmailAddress Organizer { get; init; }
    public IReadOnlyList<Attendee> Attendees { get; init; } = [];
    public string Location { get; init; } = "";
    public bool IsCancelled { get; init; }
    public bool IsOrganizer { get; init; }

    /// <summary>A room's copy, booked by its attendant: removed, not marked cancelled, when the meeting is cancelled.</summary>
    public bool IsRoomCopy { get; init; }
    public string Sensitivity { get; init; } = "normal";
    public string ShowAs { get; init; } = "busy";

    /// <summary>From midnight to midnight in its time zone (Graph refuses an all-day event that is not).</summary>
    public bool IsAllDay { get; init; }
    public string Response { get; init; } = "none";
    public string? TransactionId { get; init; }
    public required DateTimeOffset CreatedDateTime { get; init; }
    public required DateTimeOffset LastModifiedDateTime { get; init; }

    /// <summary>singleInstance | seriesMaster | occurrence | exception, as Graph's event.type.</summary>
    public string Type { get; init; } = EventTypes.SingleInstance;

    /// <summary>On a series master: its pattern and range. Its Start and End are those of the first occurrence.</summary>
    public Recurrence? Recurrence { get; init; }

    /// <summary>On a series master: the dates of the occurrences the organizer cancelled.</summary>
    public IReadOnlyList<DateOnly> CancelledOccurrences { get; init; } = [];

    /// <summary>On an occurrence or exception: the id of its series master in the same mailbox.</summary>
    public string? SeriesMasterId { get; init; }

    /// <summary>On an occurrence or exception: when it was due by the pattern (an exception keeps it when moved).</summary>
    public DateTimeOffset? OriginalStart { get; init; }

    /// <summary>On an occurrence or exception: the pattern's date it stands for; its id and iCalUId derive from it, so they survive a new series time.</summary>
    public DateOnly? OccurrenceDate { get; init; }

    public bool IsSeriesMaster => Type == EventTypes.SeriesMaster;

    /// <summary>An occurrence or exception: a meeting of a series, as calendarView lists it.</summary>
    public bool IsInstance => SeriesMasterId is not null;

    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => Start < end && End > start;
}

public static class EventTypes
{
    public const string SingleInstance = "singleInstance";
    public const string SeriesMaster = "seriesMaster";
    public const string Occurrence = "occurrence";
    public const string Exception = "exception";
}

public sealed record EmailAddress(string Name, string Address);

/// <summary>type: required | optional | resource; response: none | accepted | declined | tentativelyAccepted.</summary>
public sealed record Attendee(EmailAddress EmailAddress, string Type, string Response = "none");
