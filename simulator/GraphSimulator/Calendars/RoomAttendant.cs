using GraphSimulator.Tenants;

namespace GraphSimulator.Calendars;

/// <summary>Exchange's resource booking attendant: accept unless the room is taken or the meeting is too far ahead.</summary>
public static class RoomAttendant
{
    public static string Decide(RoomSettings room, IEnumerable<CalendarEvent> roomCalendar, CalendarEvent meeting, DateTimeOffset now)
    {
        if (meeting.Start > now.AddDays(room.BookingWindowInDays))
        {
            return "declined";
        }

        if (Clashes(roomCalendar, meeting) && !room.AllowConflicts)
        {
            return "declined";
        }

        return Accepted(room);
    }

    /// <summary>
    /// A series, decided once for all its occurrences as Exchange's resource booking assistant does with the
    /// defaults of Set-CalendarProcessing: a series reaching past the booking window is declined
    /// (EnforceSchedulingHorizon), and one clashing occurrence declines the whole series (MaximumConflictInstances 0,
    /// ConflictPercentageAllowed 0). Within both limits the series is accepted and the clashing occurrences declined.
    /// </summary>
    public static (string Response, IReadOnlySet<DateOnly> DeclinedOccurrences) DecideSeries(
        RoomSettings room, IReadOnlyList<CalendarEvent> roomCalendar, IReadOnlyList<CalendarEvent> occurrences, DateTimeOffset now)
    {
        var horizon = now.AddDays(room.BookingWindowInDays);
        var beyond = occurrences.Where(o => o.Start > horizon).ToList();
        if (occurrences.Count == 0 || occurrences[0].Start > horizon || (beyond.Count > 0 && room.EnforceSchedulingHorizon))
        {
            return ("declined", new HashSet<DateOnly>());
        }

        var clashing = room.AllowConflicts ? [] : occurrences.Where(o => Clashes(roomCalendar, o)).ToList();
        if (clashing.Count > room.MaximumConflictInstances || clashing.Count * 100 > room.ConflictPercentageAllowed * occurrences.Count)
        {
            return ("declined", new HashSet<DateOnly>());
        }

        return (Accepted(room), clashing.Concat(beyond).Select(o => o.OccurrenceDate!.Value).ToHashSet());
    }

    private static string Accepted(RoomSettings room) => room.AutoAccept ? "accepted" : "tentativelyAccepted";

    /// <summary>Another meeting holds the room then (a series master is not a meeting; the same meeting's own copy does not count).</summary>
    private static bool Clashes(IEnumerable<CalendarEvent> roomCalendar, CalendarEvent meeting) =>
        roomCalendar.Any(e => !e.IsCancelled && !e.IsSeriesMaster && !SeriesIds.SameMeeting(e.ICalUId, meeting.ICalUId) && e.Overlaps(meeting.Start, meeting.End));

    /// <summary>With AddOrganizerToSubject and DeleteSubject (the defaults) the room's copy is titled with the organizer's name.</summary>
    public static string RoomSubject(RoomSettings room, CalendarEvent meeting) =>
        (room.AddOrganizerToSubject, room.DeleteSubject) switch
        {
            (true, true) => meeting.Organizer.Name,
            (true, false) => $"{meeting.Organizer.Name} {meeting.Subject}",
            (false, true) => "",
            _ => meeting.Subject,
        };
}
