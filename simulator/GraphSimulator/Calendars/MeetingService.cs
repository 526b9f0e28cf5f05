using GraphSimulator.Subscriptions;
using GraphSimulator.Tenants;

namespace GraphSimulator.Calendars;

/// <summary>
/// Creates, changes and cancels meetings the way Exchange does: the organizer's copy, a copy per
/// attendee mailbox in the tenant, and rooms that accept or decline through their booking attendant.
/// </summary>
public sealed class MeetingService
{
    private readonly CalendarStore store;
    private readonly TenantDirectory directory;
    private readonly TimeProvider time;
    private readonly RoomAnswers rooms;
    private readonly TimeSpan roomAnswerDelay;

    public MeetingService(CalendarStore store, TenantDirectory directory, TimeProvider time, RoomAnswers rooms, Microsoft.Extensions.Options.IOptions<SimulatorOptions> options)
    {
        (this.store, this.directory, this.time, this.rooms, roomAnswerDelay) = (store, directory, time, rooms, options.Value.RoomAnswerDelay);
        rooms.Answer = AnswerRooms;
    }

    private bool RoomsAnswerLater => roomAnswerDelay > TimeSpan.Zero;

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
            var series = input.Recurrence is not null;
            var meeting = new CalendarEvent
            {
                Id = CalendarStore.NewId(),
                MailboxId = organizer.Id,
                ICalUId = series ? SeriesIds.NewMasterICalUId() : "040000008200E00074C5B7101A82E008" + Convert.ToHexString(Guid.NewGuid().ToByteArray()),
                Type = series ? EventTypes.SeriesMaster : EventTypes.SingleInstance,
                Recurrence = input.Recurrence,
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
                ShowAs = input.ShowAs ?? (input.IsAllDay == true ? "free" : "busy"),
                IsAllDay = input.IsAllDay ?? false,
                TransactionId = input.TransactionId,
                CreatedDateTime = now,
                LastModifiedDateTime = now,
            };
            if (series)
            {
                // The occurrences first: the rooms decide on them.
                SeriesInstances.Expand(calendar, meeting, reset: true, now);
            }

            var organizerCopy = meeting with { Attendees = Invite(calendar, meeting, mailboxes, now, roomsAnswer: !RoomsAnswerLater) };
            calendar.Put(organizerCopy, "created");
            LetRoomsAnswerLater(tenantId, organizerCopy, mailboxes);
            if (series)
            {
                // The occurrences carry the attendees' answers too.
                SeriesInstances.Expand(calendar, organizerCopy, reset: false, now);
            }

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

            if (current.IsOrganizer && current.IsInstance)
            {
                return UpdateOccurrence(tenantId, calendar, current, input, start, end, mailboxes);
            }

            var now = time.GetUtcNow();
            var changed = Changed(current, input, start, end) with
            {
                TimeZone = input.TimeZone ?? current.TimeZone,
                Attendees = input.Attendees ?? current.Attendees,
                ChangeKey = CalendarStore.NewChangeKey(),
                LastModifiedDateTime = now,
            };
            if (current.IsOrganizer && (current.IsSeriesMaster || input.Recurrence is not null))
            {
                return (UpdateSeries(tenantId, calendar, current, changed with { Type = EventTypes.SeriesMaster, Recurrence = input.Recurrence ?? current.Recurrence }, mailboxes, now), null);
            }

            if (current.IsOrganizer)
            {
                changed = changed with { Attendees = Invite(calendar, changed, mailboxes, now, roomsAnswer: !RoomsAnswerLater) };
                LetRoomsAnswerLater(tenantId, changed, mailboxes);
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

            var now = time.GetUtcNow();
            if (current.IsSeriesMaster)
            {
                SeriesInstances.RemoveSeries(calendar, current);
            }
            else
            {
                calendar.Remove(mailboxId, eventId);
            }

            if (!current.IsOrganizer)
            {
                return null;
            }

            if (current.IsInstance && calendar.Find(mailboxId, current.SeriesMasterId!) is { } master)
            {
                // A cancelled occurrence is remembered on the master, which changes (and is notified) with it.
                calendar.Update(master with { CancelledOccurrences = [.. master.CancelledOccurrences, current.OccurrenceDate!.Value] }, now);
            }

            foreach (var copy in calendar.ByICalUId(current.ICalUId).ToList())
            {
                Cancel(calendar, copy, now);
            }

            return null;
        });

    /// <summary>The fields a PATCH gives, applied (what it leaves out stays).</summary>
    private static CalendarEvent Changed(CalendarEvent current, EventInput input, DateTimeOffset start, DateTimeOffset end) => current with
    {
        Subject = input.Subject ?? current.Subject,
        BodyPreview = input.Body ?? current.BodyPreview,
        Start = start,
        End = end,
        Location = input.Location ?? current.Location,
        Sensitivity = input.Sensitivity ?? current.Sensitivity,
        ShowAs = input.ShowAs ?? current.ShowAs,
        IsAllDay = input.IsAllDay ?? current.IsAllDay,
    };

    public CalendarEvent? Find(string mailboxId, string eventId) => store.Read(calendar => calendar.Find(mailboxId, eventId));

    /// <summary>An attendee's copy of a cancelled meeting (a whole series, or one occurrence): a room's attendant frees the room, a person's copy shows it cancelled.</summary>
    private static void Cancel(CalendarStore.CalendarView calendar, CalendarEvent copy, DateTimeOffset now)
    {
        var instances = copy.IsSeriesMaster ? calendar.Instances(copy).ToList() : [];
        if (copy.IsRoomCopy)
        {
            foreach (var instance in instances)
            {
                calendar.Remove(instance.MailboxId, instance.Id);
            }

            calendar.Remove(copy.MailboxId, copy.Id);
        }
        else
        {
            foreach (var item in instances.Append(copy))
            {
                calendar.Update(item with { IsCancelled = true, Subject = "Canceled: " + item.Subject }, now);
            }
        }

        if (copy.IsInstance && calendar.Find(copy.MailboxId, copy.SeriesMasterId!) is { } copyMaster)
        {
            calendar.Update(copyMaster, now);
        }
    }

    /// <summary>
    /// The organizer changed the series: a new time or pattern rebuilds every occurrence (exceptions and
    /// cancellations are dropped, as Outlook warns), other fields reach every occurrence; then the attendees get it again.
    /// </summary>
    private CalendarEvent UpdateSeries(string tenantId, CalendarStore.CalendarView calendar, CalendarEvent current, CalendarEvent changed, IReadOnlyDictionary<string, DirectoryUser> mailboxes, DateTimeOffset now)
    {
        var reset = !current.IsSeriesMaster || changed.Start != current.Start || changed.End != current.End
            || System.Text.Json.JsonSerializer.Serialize(changed.Recurrence!.ToGraph()) != System.Text.Json.JsonSerializer.Serialize(current.Recurrence?.ToGraph());
        if (reset)
        {
            changed = changed with { CancelledOccurrences = [] };
        }

        SeriesInstances.Expand(calendar, changed, reset, now);
        changed = changed with { Attendees = Invite(calendar, changed, mailboxes, now, roomsAnswer: !RoomsAnswerLater) };
        calendar.Put(changed, "updated");
        LetRoomsAnswerLater(tenantId, changed, mailboxes);
        SeriesInstances.Expand(calendar, changed, reset: false, now);
        return changed;
    }

    /// <summary>
    /// The organizer changed one occurrence: it becomes an exception, its copies follow, and a room decides on that
    /// occurrence alone (a clash declines only it). The masters change with it, which is what subscribers hear of.
    /// </summary>
    private (CalendarEvent?, GraphProblem?) UpdateOccurrence(string tenantId, CalendarStore.CalendarView calendar, CalendarEvent current, EventInput input, DateTimeOffset start, DateTimeOffset end, IReadOnlyDictionary<string, DirectoryUser> mailboxes)
    {
        if (input.Recurrence is not null)
        {
            return (null, new GraphProblem(400, "ErrorInvalidRequest", "An occurrence of a series has no recurrence of its own: change the series master."));
        }

        // EWS's ErrorOccurrenceCrossingBoundary: an occurrence may not move onto or past the day of its neighbours.
        var siblings = calendar.Instances(calendar.Find(current.MailboxId, current.SeriesMasterId!)!).Where(i => i.Id != current.Id).ToList();
        var startDay = DateOnly.FromDateTime(start.UtcDateTime);
        if (siblings.Any(i => i.OccurrenceDate < current.OccurrenceDate && DateOnly.FromDateTime(i.Start.UtcDateTime) >= startDay)
            || siblings.Any(i => i.OccurrenceDate > current.OccurrenceDate && DateOnly.FromDateTime(i.Start.UtcDateTime) <= startDay))
        {
            return (null, new GraphProblem(400, "ErrorOccurrenceCrossingBoundary", "An occurrence can't be moved to or past the day of an adjacent occurrence."));
        }

        var now = time.GetUtcNow();
        var exception = Changed(current, input, start, end) with { Type = EventTypes.Exception };
        SeriesInstances.Write(calendar, current, exception, now);
        var answered = AnswerOccurrence(calendar, calendar.Find(current.MailboxId, current.Id)!, mailboxes, now, roomsAnswer: !RoomsAnswerLater);
        if (RoomsAnswerLater)
        {
            rooms.Schedule(tenantId, answered.MailboxId, answered.Id, roomAnswerDelay);
        }

        return (answered, null);
    }

    /// <summary>
    /// The copies of a changed occurrence follow it; a room decides on that occurrence alone (a clash declines only
    /// it), now or later. The masters change with it, which is what subscribers hear of. Answers the organizer's
    /// exception with the rooms' answers on it ("none" while they have not answered).
    /// </summary>
    private CalendarEvent AnswerOccurrence(CalendarStore.CalendarView calendar, CalendarEvent exception, IReadOnlyDictionary<string, DirectoryUser> mailboxes, DateTimeOffset now, bool roomsAnswer)
    {
        var master = calendar.Find(exception.MailboxId, exception.SeriesMasterId!)!;
        calendar.Update(master, now);
        var byId = mailboxes.Values.ToDictionary(u => u.Id, StringComparer.OrdinalIgnoreCase);
        var answers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var copyMaster in calendar.ByICalUId(master.ICalUId).Where(c => c.MailboxId != master.MailboxId).ToList())
        {
            var attendee = byId.GetValueOrDefault(copyMaster.MailboxId);
            var room = attendee?.Room;
            var copy = calendar.Instances(copyMaster).FirstOrDefault(i => i.OccurrenceDate == exception.OccurrenceDate);
            var wanted = SeriesInstances.CopyOf(exception, copyMaster, copy, room, now);
            if (room is not null && !roomsAnswer)
            {
                answers[attendee!.UserPrincipalName] = "none";
                continue;
            }

            var answer = room is null ? null : RoomAttendant.Decide(room, calendar.Events(copyMaster.MailboxId).Where(e => e.Id != copy?.Id), wanted, now);
            if (answer is not null)
            {
                answers[attendee!.UserPrincipalName] = answer;
            }

            if (answer == "declined")
            {
                if (copy is not null)
                {
                    calendar.Remove(copy.MailboxId, copy.Id);
                }
            }
            else
            {
                SeriesInstances.Write(calendar, copy, wanted, now);
            }

            calendar.Update(copyMaster, now);
        }

        var answered = exception with { Attendees = [.. exception.Attendees.Select(a => answers.TryGetValue(a.EmailAddress.Address, out var r) ? a with { Response = r } : a)] };
        SeriesInstances.Write(calendar, exception, answered, now);
        return calendar.Find(exception.MailboxId, exception.Id)!;
    }

    public static readonly GraphProblem NotFound = new(404, "ErrorItemNotFound", "The specified object was not found in the store.");

    /// <summary>
    /// Brings every invited mailbox's copy in line with the organizer's (an existing copy keeps its id, as in
    /// Exchange), lets rooms answer again, removes copies of mailboxes no longer invited, and answers with the responses.
    /// </summary>
    /// <param name="roomsAnswer">False: the rooms answer later (<see cref="RoomAnswers"/>); until then their status is "none" and their calendars stay as they are.</param>
    private List<Attendee> Invite(CalendarStore.CalendarView calendar, CalendarEvent meeting, IReadOnlyDictionary<string, DirectoryUser> mailboxes, DateTimeOffset now, bool roomsAnswer = true)
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
            if (mailbox.Room is not null && !roomsAnswer)
            {
                answered.Add(attendee with { Response = "none" });
                continue;
            }

            var (response, declined) = mailbox.Room is not { } room ? ("none", NoneDeclined)
                : meeting.IsSeriesMaster ? RoomAttendant.DecideSeries(room, [.. calendar.Events(mailbox.Id)], [.. calendar.Instances(meeting).OrderBy(i => i.Start)], now)
                : (RoomAttendant.Decide(room, calendar.Events(mailbox.Id), meeting, now), NoneDeclined);
            answered.Add(attendee with { Response = response });
            if (response == "declined")
            {
                if (existing is not null)
                {
                    Remove(calendar, existing);
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
            if (meeting.IsSeriesMaster)
            {
                SeriesInstances.Mirror(calendar, meeting, copy, mailbox.Room, declined, now);
            }
        }

        foreach (var stale in copies.Values.Where(c => !invited.Contains(c.MailboxId)))
        {
            Remove(calendar, stale);
        }

        return answered;
    }

    private static readonly IReadOnlySet<DateOnly> NoneDeclined = new HashSet<DateOnly>();

    private void LetRoomsAnswerLater(string tenantId, CalendarEvent meeting, IReadOnlyDictionary<string, DirectoryUser> mailboxes)
    {
        if (RoomsAnswerLater && meeting.Attendees.Any(a => mailboxes.TryGetValue(a.EmailAddress.Address, out var m) && m.Room is not null))
        {
            rooms.Schedule(tenantId, meeting.MailboxId, meeting.Id, roomAnswerDelay);
        }
    }

    /// <summary>The rooms of an organizer's meeting answer now (it may have been cancelled meanwhile: then nothing happens).</summary>
    private void AnswerRooms(string tenantId, string organizerMailboxId, string eventId)
    {
        var mailboxes = Mailboxes(tenantId);
        store.Change(calendar =>
        {
            if (calendar.Find(organizerMailboxId, eventId) is not { IsCancelled: false } meeting)
            {
                return false;
            }

            var now = time.GetUtcNow();
            if (meeting.IsInstance)
            {
                AnswerOccurrence(calendar, meeting, mailboxes, now, roomsAnswer: true);
                return true;
            }

            var answered = meeting with { Attendees = Invite(calendar, meeting, mailboxes, now) };
            if (!answered.Attendees.SequenceEqual(meeting.Attendees))
            {
                // The organizer's item shows the answers: a change its subscribers hear of.
                calendar.Update(answered, now);
                if (answered.IsSeriesMaster)
                {
                    SeriesInstances.Expand(calendar, answered, reset: false, now);
                }
            }

            return true;
        });
    }

    private static void Remove(CalendarStore.CalendarView calendar, CalendarEvent copy)
    {
        if (copy.IsSeriesMaster)
        {
            SeriesInstances.RemoveSeries(calendar, copy);
        }
        else
        {
            calendar.Remove(copy.MailboxId, copy.Id);
        }
    }

    private IReadOnlyDictionary<string, DirectoryUser> Mailboxes(string tenantId) =>
        directory.Read(view => ((IEnumerable<DirectoryUser>?)view.FindTenant(tenantId)?.Users.Values ?? [])
            .Where(u => u.HasMailbox)
            .ToDictionary(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase));
}
