using GraphSimulator.Tenants;

namespace GraphSimulator.Calendars;

/// <summary>
/// The occurrences of a series as separate items of a mailbox, the way calendarView and its delta list them:
/// the organizer's are expanded from the master's recurrence (keeping exceptions and cancelled occurrences
/// unless the series' time or pattern changed, as Outlook warns); each attendee's mirror the organizer's,
/// without the occurrences a room declined. Only what really changed is written, so delta rounds and change
/// logs see what a real mailbox would.
/// </summary>
internal static class SeriesInstances
{
    /// <summary>The organizer's occurrences after the master was created or changed.</summary>
    public static void Expand(CalendarStore.CalendarView calendar, CalendarEvent master, bool reset, DateTimeOffset now)
    {
        var existing = calendar.Instances(master).ToDictionary(i => i.OccurrenceDate!.Value);
        var kept = new HashSet<DateOnly>();
        foreach (var occurrence in Occurrences(master, now))
        {
            var at = occurrence.OccurrenceDate!.Value;
            if (!reset && master.CancelledOccurrences.Contains(at))
            {
                continue;
            }

            kept.Add(at);
            existing.TryGetValue(at, out var current);
            var wanted = !reset && current is { Type: EventTypes.Exception }
                ? current with { Subject = master.Subject, BodyPreview = master.BodyPreview, Location = master.Location, Sensitivity = master.Sensitivity, ShowAs = master.ShowAs, Attendees = master.Attendees }
                : occurrence with { Id = current?.Id ?? occurrence.Id, CreatedDateTime = current?.CreatedDateTime ?? now };
            Write(calendar, current, wanted, now);
        }

        RemoveAllBut(calendar, existing.Values, kept);
    }

    /// <summary>An attendee's copies of the organizer's occurrences, less those the room declined.</summary>
    public static void Mirror(CalendarStore.CalendarView calendar, CalendarEvent organizerMaster, CalendarEvent copyMaster, RoomSettings? room, IReadOnlySet<DateOnly> declined, DateTimeOffset now)
    {
        var existing = calendar.Instances(copyMaster).ToDictionary(i => i.OccurrenceDate!.Value);
        var kept = new HashSet<DateOnly>();
        foreach (var instance in calendar.Instances(organizerMaster).OrderBy(i => i.OccurrenceDate))
        {
            var at = instance.OccurrenceDate!.Value;
            if (declined.Contains(at))
            {
                continue;
            }

            kept.Add(at);
            existing.TryGetValue(at, out var current);
            Write(calendar, current, CopyOf(instance, copyMaster, current, room, now), now);
        }

        RemoveAllBut(calendar, existing.Values, kept);
    }

    /// <summary>One attendee copy of an organizer's occurrence (a room's is titled by its attendant and lists no attendees).</summary>
    public static CalendarEvent CopyOf(CalendarEvent instance, CalendarEvent copyMaster, CalendarEvent? current, RoomSettings? room, DateTimeOffset now)
    {
        var copy = instance with
        {
            Id = current?.Id ?? SeriesIds.OccurrenceId(copyMaster.Id, instance.OccurrenceDate!.Value),
            MailboxId = copyMaster.MailboxId,
            SeriesMasterId = copyMaster.Id,
            IsOrganizer = false,
            IsRoomCopy = copyMaster.IsRoomCopy,
            TransactionId = null,
            Response = copyMaster.Response,
            CreatedDateTime = current?.CreatedDateTime ?? now,
        };
        return room is null ? copy : copy with { Subject = RoomAttendant.RoomSubject(room, instance), BodyPreview = "", Attendees = [] };
    }

    /// <summary>Writes the item when it is new or differs from the stored one (a new change key then).</summary>
    public static void Write(CalendarStore.CalendarView calendar, CalendarEvent? current, CalendarEvent wanted, DateTimeOffset now)
    {
        if (current is null || !SameContent(current, wanted))
        {
            calendar.Put(wanted with { ChangeKey = CalendarStore.NewChangeKey(), LastModifiedDateTime = now }, current is null ? "created" : "updated");
        }
    }

    /// <summary>A master and its occurrences leave the mailbox.</summary>
    public static void RemoveSeries(CalendarStore.CalendarView calendar, CalendarEvent master)
    {
        foreach (var instance in calendar.Instances(master).ToList())
        {
            calendar.Remove(instance.MailboxId, instance.Id);
        }

        calendar.Remove(master.MailboxId, master.Id);
    }

    /// <summary>The occurrences the master's pattern gives, at its time of day in its time zone (so they keep their local time across daylight saving).</summary>
    private static IEnumerable<CalendarEvent> Occurrences(CalendarEvent master, DateTimeOffset now)
    {
        var zone = master.TimeZone is "UTC" or "Etc/UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(master.TimeZone);
        var timeOfDay = TimeOnly.FromTimeSpan(TimeZoneInfo.ConvertTime(master.Start, zone).TimeOfDay);
        var length = master.End - master.Start;
        foreach (var date in master.Recurrence!.Dates())
        {
            var local = DateTime.SpecifyKind(date.ToDateTime(timeOfDay), DateTimeKind.Unspecified);
            var start = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
            yield return master with
            {
                Id = SeriesIds.OccurrenceId(master.Id, date),
                ICalUId = SeriesIds.OccurrenceICalUId(master.ICalUId, date),
                OccurrenceDate = date,
                Type = EventTypes.Occurrence,
                Recurrence = null,
                CancelledOccurrences = [],
                SeriesMasterId = master.Id,
                OriginalStart = start,
                Start = start,
                End = start + length,
                CreatedDateTime = now,
            };
        }
    }

    private static void RemoveAllBut(CalendarStore.CalendarView calendar, IEnumerable<CalendarEvent> instances, HashSet<DateOnly> kept)
    {
        foreach (var stale in instances.Where(i => !kept.Contains(i.OccurrenceDate!.Value)).ToList())
        {
            calendar.Remove(stale.MailboxId, stale.Id);
        }
    }

    private static bool SameContent(CalendarEvent a, CalendarEvent b) =>
        (a.Start, a.End, a.Subject, a.BodyPreview, a.Location, a.Sensitivity, a.ShowAs, a.IsCancelled, a.Type, a.Response)
            == (b.Start, b.End, b.Subject, b.BodyPreview, b.Location, b.Sensitivity, b.ShowAs, b.IsCancelled, b.Type, b.Response)
        && a.Attendees.SequenceEqual(b.Attendees);
}
