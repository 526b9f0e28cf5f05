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

        var taken = roomCalendar.Any(e => !e.IsCancelled && e.ICalUId != meeting.ICalUId && e.Overlaps(meeting.Start, meeting.End));
        if (taken && !room.AllowConflicts)
        {
            return "declined";
        }

        return room.AutoAccept ? "accepted" : "tentativelyAccepted";
    }

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
