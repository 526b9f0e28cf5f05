using System.Security.Cryptography;

namespace GraphSimulator.Calendars;

/// <summary>
/// Every mailbox's calendar, and a per-mailbox change log (sequence numbers) that delta queries read.
/// One lock for all: a meeting touches several mailboxes at once and must change them together.
/// </summary>
public sealed class CalendarStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, CalendarEvent>> _events = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<ChangeRecord>> _changes = new(StringComparer.OrdinalIgnoreCase);
    private long _sequence;

    /// <summary>Raised after a change is committed, outside the lock (for change notifications).</summary>
    public event Action<CalendarChange>? Changed;

    public T Read<T>(Func<CalendarView, T> read)
    {
        lock (_gate)
        {
            return read(new CalendarView(this));
        }
    }

    public T Change<T>(Func<CalendarView, T> change)
    {
        List<CalendarChange> committed;
        T result;
        lock (_gate)
        {
            var view = new CalendarView(this);
            result = change(view);
            committed = view.Committed;
        }

        foreach (var item in committed)
        {
            Changed?.Invoke(item);
        }

        return result;
    }

    public static string NewId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(33)).Replace('/', '-').Replace('+', '_');

    public static string NewChangeKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));

    /// <summary>Calendar access inside the store's lock.</summary>
    public sealed class CalendarView(CalendarStore store)
    {
        internal List<CalendarChange> Committed { get; } = [];

        public long Sequence => store._sequence;

        public IEnumerable<CalendarEvent> Events(string mailboxId) =>
            store._events.TryGetValue(mailboxId, out var events) ? events.Values : [];

        public CalendarEvent? Find(string mailboxId, string eventId) =>
            store._events.TryGetValue(mailboxId, out var events) ? events.GetValueOrDefault(eventId) : null;

        public IEnumerable<CalendarEvent> ByICalUId(string iCalUId) =>
            store._events.Values.SelectMany(e => e.Values).Where(e => e.ICalUId == iCalUId);

        /// <summary>Event ids changed in the mailbox after the given sequence number, newest change last.</summary>
        public IReadOnlyList<string> ChangedSince(string mailboxId, long sequence) =>
            store._changes.TryGetValue(mailboxId, out var log)
                ? log.Where(c => c.Sequence > sequence).Select(c => c.EventId).Distinct().ToList()
                : [];

        public void Put(CalendarEvent calendarEvent, string changeType)
        {
            if (!store._events.TryGetValue(calendarEvent.MailboxId, out var events))
            {
                store._events[calendarEvent.MailboxId] = events = new Dictionary<string, CalendarEvent>(StringComparer.Ordinal);
            }

            events[calendarEvent.Id] = calendarEvent;
            Record(calendarEvent.MailboxId, calendarEvent.Id, changeType);
        }

        public void Remove(string mailboxId, string eventId)
        {
            if (store._events.TryGetValue(mailboxId, out var events) && events.Remove(eventId))
            {
                Record(mailboxId, eventId, "deleted");
            }
        }

        private void Record(string mailboxId, string eventId, string changeType)
        {
            if (!store._changes.TryGetValue(mailboxId, out var log))
            {
                store._changes[mailboxId] = log = [];
            }

            log.Add(new ChangeRecord(++store._sequence, eventId));
            Committed.Add(new CalendarChange(mailboxId, eventId, changeType));
        }
    }

    private sealed record ChangeRecord(long Sequence, string EventId);
}

/// <summary>created | updated | deleted, as change notifications name them.</summary>
public sealed record CalendarChange(string MailboxId, string EventId, string ChangeType);
