using GraphSimulator.Subscriptions;
using GraphSimulator.Tenants;

namespace GraphSimulator.Calendars;

/// <summary>
/// Creates, changes and cancels meetings the way Exchange does: the organizer's copy, a copy per
/// attendee mailbox in the tenant, and rooms that accept or decline through their booking attendant.
/// </summary>
public sealed class MeetingService(CalendarStore store, TenantDirectory directory, TimeProvider time)
{
    public (CalendarEvent? Event, GraphProblem? Problem) Create(string tenantId, DirectoryUser organizer, EventInput input)
    {
        if (input.Start is null || input.End is null)
        {
            return (null, new GraphProblem(400, "ErrorInvalidRequest", "An event needs start and end."));
        }

        if (input.End <= input.Start)
        {
            return (null, new GraphProblem(400, "ErrorInvalidRequest", "The end of the event must be after its start."));
        }

        var mailboxes = Mailboxes(tenantId);
        return (store.Change(calendar =>
        {
            if (input.TransactionId is { } transaction
                && calendar.Events(organizer.Id).FirstOrDefault(e => e.TransactionId == transaction) is { } existing)
            {
                // A retried POST with the same transactionId creates nothing new.
                return existing;
            }

            var now = time.GetUtcNow();
            var meeting = new CalendarEvent
            {
                Id = CalendarStore.NewId(),
                MailboxId = organizer.Id,
                ICalUId = "040000008200E00074C5B7101A82E008" + Convert.ToHexString(Guid.NewGuid().ToByteArray()),
                ChangeKey = CalendarStore.NewChangeKey(),
                Subject = input.Subject ?? "",
                BodyPreview = input.Body ?? "",
                Start = input.Start.Value,
                End = input.End.Value,
                TimeZone = input.TimeZone ?? "UTC",
                Organizer = new EmailAddress(organizer.DisplayName, organizer.UserPrincipalName),
                Attendees = input.Attendees ?? [],
                Location = input.Location ?? "",
                IsOrganizer = true,
                Response = "organizer",
                Sensitivity = input.Sensitivity ?? "normal",
                ShowAs = input.ShowAs ?? "busy",
                TransactionId = input.TransactionId,
                CreatedDateTime = now,
                LastModifiedDateTime = now,
            };
            var organizerCopy = meeting with { Attendees = Invite(calendar, meeting, mailboxes, now) };
            calendar.Put(organizerCopy, "created");
            return organizerCopy;
        }), null);
    }

    /// <summary>PATCH: the organizer's change reaches every attendee copy; an attendee's change stays in their copy.</summary>
    public (CalendarEvent? Event, GraphProblem? Problem) Update(string tenantId, string mailboxId, string eventId, EventInput input)
    {
        var mailboxes = Mailboxes(tenantId);
        return store.Change<(CalendarEvent?, GraphProblem?)>(calendar =>
        {
            if (calendar.Find(mailboxId, eventId) is not { } current)
            {
                return (null, NotFound);
            }

            var start = input.Start ?? current.Start;
            var end = input.End ?? current.End;
            if (end <= start)
            {
                return (null, new GraphProblem(400, "ErrorInvalidRequest", "The end of the event must be after its start."));
            }

            var now = time.GetUtcNow();
            var changed = current with
            {
                Subject = input.Subject ?? current.Subject,
                BodyPreview = input.Body ?? current.BodyPreview,
                Start = start,
                End = end,
                TimeZone = input.TimeZone ?? current.TimeZone,
                Location = input.Location ?? current.Location,
                Attendees = input.Attendees ?? current.Attendees,
                Sensitivity = input.Sensitivity ?? current.Sensitivity,
                ShowAs = input.ShowAs ?? current.ShowAs,
                ChangeKey = CalendarStore.NewChangeKey(),
                LastModifiedDateTime = now,
            };
            if (current.IsOrganizer)
            {
                changed = changed with { Attendees = Invite(calendar, changed, mailboxes, now) };
            }

            calendar.Put(changed, "updated");
            return (changed, null);
        });
    }

    /// <summary>DELETE or cancel by the organizer cancels the meeting for everyone; an attendee only removes their copy.</summary>
    public GraphProblem? Delete(string mailboxId, string eventId, bool cancelOnly = false) =>
        store.Change(calendar =>
        {
            if (calendar.Find(mailboxId, eventId) is not { } current)
            {
                return NotFound;
            }

            if (cancelOnly && !current.IsOrganizer)
            {
                return new GraphProblem(400, "ErrorInvalidRequest", "Your request can't be completed. You can't cancel a meeting unless you're the organizer.");
            }

            calendar.Remove(mailboxId, eventId);
            if (!current.IsOrganizer)
            {
                return null;
            }

            var now = time.GetUtcNow();
            foreach (var copy in calendar.ByICalUId(current.ICalUId).ToList())
            {
                if (copy.IsRoomCopy)
                {
                    // The booking attendant processes the cancellation: the room is free again.
                    calendar.Remove(copy.MailboxId, copy.Id);
                }
                else
                {
                    calendar.Put(copy with { IsCancelled = true, Subject = "Canceled: " + copy.Subject, ChangeKey = CalendarStore.NewChangeKey(), LastModifiedDateTime = now }, "updated");
                }
            }

            return null;
        });

    public CalendarEvent? Find(string mailboxId, string eventId) => store.Read(calendar => calendar.Find(mailboxId, eventId));

    public static readonly GraphProblem NotFound = new(404, "ErrorItemNotFound", "The specified object was not found in the store.");

    /// <summary>
    /// Brings every invited mailbox's copy in line with the organizer's (an existing copy keeps its id, as in
    /// Exchange), lets rooms answer again, removes copies of mailboxes no longer invited, and answers with the responses.
    /// </summary>
    private List<Attendee> Invite(CalendarStore.CalendarView calendar, CalendarEvent meeting, IReadOnlyDictionary<string, DirectoryUser> mailboxes, DateTimeOffset now)
    {
        var copies = calendar.ByICalUId(meeting.ICalUId).Where(e => e.MailboxId != meeting.MailboxId).ToDictionary(e => e.MailboxId, StringComparer.OrdinalIgnoreCase);
        var invited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var answered = new List<Attendee>();
        foreach (var attendee in meeting.Attendees)
        {
            if (!mailboxes.TryGetValue(attendee.EmailAddress.Address, out var mailbox) || mailbox.Id == meeting.MailboxId)
            {
                answered.Add(attendee with { Response = "none" });
                continue;
            }

            invited.Add(mailbox.Id);
            copies.TryGetValue(mailbox.Id, out var existing);
            var response = mailbox.Room is { } room ? RoomAttendant.Decide(room, calendar.Events(mailbox.Id), meeting, now) : "none";
            answered.Add(attendee with { Response = response });
            if (response == "declined")
            {
                if (existing is not null)
                {
                    calendar.Remove(mailbox.Id, existing.Id);
                }

                continue;
            }

            var copy = meeting with
            {
                Id = existing?.Id ?? CalendarStore.NewId(),
                MailboxId = mailbox.Id,
                ChangeKey = CalendarStore.NewChangeKey(),
                CreatedDateTime = existing?.CreatedDateTime ?? now,
                IsOrganizer = false,
                TransactionId = null,
            };
            copy = mailbox.Room is { } booked
                ? copy with { Subject = RoomAttendant.RoomSubject(booked, meeting), BodyPreview = "", Attendees = [], IsRoomCopy = true, Response = response }
                : copy with { Response = existing?.Response ?? "notResponded" };
            calendar.Put(copy, existing is null ? "created" : "updated");
        }

        foreach (var stale in copies.Values.Where(c => !invited.Contains(c.MailboxId)))
        {
            calendar.Remove(stale.MailboxId, stale.Id);
        }

        return answered;
    }

    private IReadOnlyDictionary<string, DirectoryUser> Mailboxes(string tenantId) =>
        directory.Read(view => ((IEnumerable<DirectoryUser>?)view.FindTenant(tenantId)?.Users.Values ?? [])
            .Where(u => u.HasMailbox)
            .ToDictionary(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase));
}
