using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

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
public sealed class OutboxCommitInterceptor(OutboxSignal signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NudgeUnlessInTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NudgeUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => NudgeIfPending(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NudgeIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
        {
            Pending(context).Value = true;
        }
    }

    /// <summary>For jobs written without the unit of work (<see cref="JobOutbox.AddManyAsync"/>): the relay is nudged when the transaction commits.</summary>
    public static void WillCommitJobs(DbContext context) => Pending(context).Value = true;

    private void NudgeUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            NudgeIfPending(context);
        }
    }

    private void NudgeIfPending(DbContext? context)
    {
        if (context is not null && Pending(context).Value)
        {
            Pending(context).Value = false;
            signal.Nudge();
        }
    }

    // One flag per context instance: "this unit of work wrote outbox rows that are not committed yet".
    private static readonly ConditionalWeakTable<DbContext, StrongBox<bool>> Flags = new();

    private static StrongBox<bool> Pending(DbContext context) => Flags.GetValue(context, _ => new StrongBox<bool>());
}
