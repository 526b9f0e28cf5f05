namespace GraphSimulator.Calendars;

/// <summary>
/// Exchange's resource booking assistant answers for a room some seconds after the organizer sent the meeting,
/// not inside the organizer's POST (<see cref="SimulatorOptions.RoomAnswerDelay"/>): until then the room's
/// attendee status is unchanged ("none" for a new meeting) and its calendar untouched. The pending answers, per
/// organizer item, are taken on the simulated clock; test harnesses jump the clock to <see cref="NextDue"/>.
/// </summary>
public sealed class RoomAnswers(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string MailboxId, string EventId), (string TenantId, DateTimeOffset DueAt)> _pending = [];
    private Clock.DueTimer? _timer;

    private Clock.DueTimer Timer => _timer ??= new Clock.DueTimer(time, ReleaseDue);

    /// <summary>Set by the meeting service: lets the rooms of one organizer item answer now.</summary>
    public Action<string, string, string>? Answer { get; set; }

    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count == 0 ? null : _pending.Values.Min(p => p.DueAt);
            }
        }
    }

    /// <summary>The rooms of this organizer item answer after the delay (a later change of it postpones the answer).</summary>
    public void Schedule(string tenantId, string organizerMailboxId, string eventId, TimeSpan delay)
    {
        lock (_gate)
        {
            _pending[(organizerMailboxId, eventId)] = (tenantId, time.GetUtcNow() + delay);
            Timer.At(time.GetUtcNow() + delay);
        }
    }

    /// <summary>Every answer whose time has come, in the order they were due.</summary>
    public void ReleaseDue()
    {
        List<(string MailboxId, string EventId, string TenantId)> due;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            due = [.. _pending.Where(p => p.Value.DueAt <= now).OrderBy(p => p.Value.DueAt).Select(p => (p.Key.MailboxId, p.Key.EventId, p.Value.TenantId))];
            foreach (var (mailboxId, eventId, _) in due)
            {
                _pending.Remove((mailboxId, eventId));
            }

            if (_pending.Count > 0)
            {
                Timer.At(_pending.Values.Min(p => p.DueAt));
            }
        }

        // Outside the lock: answering changes calendars, whose notifications may schedule more.
        foreach (var (mailboxId, eventId, tenantId) in due)
        {
            Answer?.Invoke(tenantId, mailboxId, eventId);
        }
    }
}
