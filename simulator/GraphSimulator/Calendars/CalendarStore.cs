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

    /// <summary>
    /// An Exchange item id as Graph shows it: about 150 characters of URL-safe base64 starting "AAMk" (storage sized
    /// for short ids truncates real ones; this one is as long).
    /// </summary>
    public static string NewId() => "AAMkAG" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(111)).Replace('/', '-').Replace('+', '_');

    /// <summary>Not an Exchange id at all (Graph answers 400 ErrorInvalidIdMalformed, not 404).</summary>
    public static bool IsMalformedId(string id) =>
        id.Length < 20 || id.Length > 512 || !id.StartsWith("AAMk", StringComparison.Ordinal)
        || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '=');

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

        /// <summary>
        /// Ids of what calendarView/delta lists (single instances, occurrences, exceptions; never a series master)
        /// changed in the mailbox after the given sequence number, newest change last.
        /// </summary>
        public IReadOnlyList<string> ChangedSince(string mailboxId, long sequence) =>
            store._changes.TryGetValue(mailboxId, out var log)
                ? log.Where(c => c.Sequence > sequence && c.Listed).Select(c => c.EventId).Distinct().ToList()
                : [];

        /// <summary>The occurrences and exceptions of a series master in its mailbox.</summary>
        public IEnumerable<CalendarEvent> Instances(CalendarEvent master) =>
            Events(master.MailboxId).Where(e => e.SeriesMasterId == master.Id);

        public void Put(CalendarEvent calendarEvent, string changeType)
        {
            if (!store._events.TryGetValue(calendarEvent.MailboxId, out var events))
            {
                store._events[calendarEvent.MailboxId] = events = new Dictionary<string, CalendarEvent>(StringComparer.Ordinal);
            }

            events[calendarEvent.Id] = calendarEvent;
            Record(calendarEvent, changeType);
        }

        /// <summary>A change to an item: a new change key (its etag) and modification time, then written.</summary>
        public void Update(CalendarEvent changed, DateTimeOffset now) =>
            Put(changed with { ChangeKey = NewChangeKey(), LastModifiedDateTime = now }, "updated");

        public void Remove(string mailboxId, string eventId)
        {
            if (store._events.TryGetValue(mailboxId, out var events) && events.Remove(eventId, out var removed))
            {
                Record(removed, "deleted");
            }
        }

        private void Record(CalendarEvent changed, string changeType)
        {
            if (!store._changes.TryGetValue(changed.MailboxId, out var log))
            {
                store._changes[changed.MailboxId] = log = [];
            }

            log.Add(new ChangeRecord(++store._sequence, changed.Id, Listed: !changed.IsSeriesMaster));

            // Graph notifies about the items a mailbox stores: single instances and series masters. A change to an
            // occurrence reaches subscribers as an update of its master (the master is put again by the caller).
            if (!changed.IsInstance)
            {
                Committed.Add(new CalendarChange(changed.MailboxId, changed.Id, changeType, changeType == "deleted" ? null : changed.ChangeKey));
            }
        }
    }

    private sealed record ChangeRecord(long Sequence, string EventId, bool Listed);
}

/// <summary>created | updated | deleted, as change notifications name them, with the item's change key after the change (its etag).</summary>
public sealed record CalendarChange(string MailboxId, string EventId, string ChangeType, string? ChangeKey = null);
