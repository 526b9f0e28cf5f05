namespace OutlookSync.Sync;

/// <summary>Which booking an Outlook item of a synced calendar became (matched by item id, never by subject).</summary>
public sealed class EventLink
{
    public int Id { get; set; }

    public int MappingId { get; set; }

    public required string OutlookEventId { get; set; }

    public string? ICalUId { get; set; }

    public int BookingId { get; set; }

    public string? ChangeKey { get; set; }
}
