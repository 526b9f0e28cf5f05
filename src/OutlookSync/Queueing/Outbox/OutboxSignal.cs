using Microsoft.EntityFrameworkCore;

namespace OutlookSync.Queueing.Outbox;

/// <summary>
/// Wakes this process's relay when a commit wrote outbox rows, and when a deferred row this process wrote falls due
/// (on the service's clock), so jobs leave within milliseconds, not at the next poll.
/// </summary>
public sealed class OutboxSignal(TimeProvider time)
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly SortedSet<DateTimeOffset> _dues = [];
    private ITimer? _alarm;

    /// <summary>Nudges the relay at <paramref name="due"/>: one timer, set for the earliest moment asked for.</summary>
    public void NudgeAt(DateTimeOffset due)
    {
        lock (_dues)
        {
            if (_dues.Add(due) && _dues.Min == due)
            {
                SetAlarm();
            }
        }
    }

    private void SetAlarm()
    {
        _alarm?.Dispose();
        _alarm = _dues.Count == 0 ? null : time.CreateTimer(_ => Ring(), null, Max(_dues.Min - time.GetUtcNow(), TimeSpan.Zero), Timeout.InfiniteTimeSpan);
    }

    private void Ring()
    {
        lock (_dues)
        {
            var now = time.GetUtcNow();
            _dues.RemoveWhere(d => d <= now);
            SetAlarm();
        }

        Nudge();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public void Nudge()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit nudged at the same moment: one wake-up serves both.
            }
        }
    }

    /// <summary>True when nudged, false when the wait ran out.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>Nudges the relay after a commit that wrote outbox rows: after SaveChanges, or after the caller's own transaction commits.</summary>
public sealed class OutboxCommitInterceptor(OutboxSignal signal) : Storage.AfterCommitInterceptor
{
    protected override bool Concerns(DbContext context) => context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added);

    protected override void Committed() => signal.Nudge();
}
