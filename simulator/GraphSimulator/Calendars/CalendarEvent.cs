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
    public string Response { get; init; } = "none";
    public string? TransactionId { get; init; }
    public required DateTimeOffset CreatedDateTime { get; init; }
    public required DateTimeOffset LastModifiedDateTime { get; init; }

    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => Start < end && End > start;
}

public sealed record EmailAddress(string Name, string Address);

/// <summary>type: required | optional | resource; response: none | accepted | declined | tentativelyAccepted.</summary>
public sealed record Attendee(EmailAddress EmailAddress, string Type, string Response = "none");
