using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OutlookSync.Storage;

/// <summary>
/// Acts once a unit of work that saved a change of interest is committed: right after SaveChanges, or, inside the
/// caller's own transaction, when that transaction commits. Never before the commit, so no reader can act on what it
/// saw just before the change.
/// </summary>
public abstract class AfterCommitInterceptor : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // One flag per context instance: "this unit of work saved such a change that is not committed yet".
    private readonly ConditionalWeakTable<DbContext, StrongBox<bool>> _pending = new();

    /// <summary>Whether the changes about to be saved are of interest (asked as SaveChanges starts).</summary>
    protected abstract bool Concerns(DbContext context);

    /// <summary>What to do once such a change is committed.</summary>
    protected abstract void Committed();

    /// <summary>A change of interest made without the unit of work (raw SQL in the caller's transaction): acted on when it commits.</summary>
    public void Expect(DbContext context) => _pending.GetValue(context, _ => new StrongBox<bool>()).Value = true;

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
        ActUnlessInTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ActUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => ActIfPending(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ActIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is not null && Concerns(context))
        {
            Expect(context);
        }
    }

    private void ActUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            ActIfPending(context);
        }
    }

    private void ActIfPending(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending) && pending.Value)
        {
            pending.Value = false;
            Committed();
        }
    }
}
