using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OutlookSync.Integrations;
using OutlookSync.Subscriptions;

namespace OutlookSync.Webhooks;

/// <summary>
/// Makes the webhook forget the subscriptions it remembers (<see cref="KnownSubscriptions"/>) once this node commits a
/// change that could alter its answer: a subscription deleted, an integration changed or deleted, a calendar removed.
/// After the commit, not before, so no request can remember what it read just before the change.
/// </summary>
public sealed class KnownSubscriptionsInvalidation(KnownSubscriptions known) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    // One flag per context instance: "this unit of work saved such a change that is not committed yet".
    private static readonly ConditionalWeakTable<DbContext, StrongBox<bool>> Flags = new();

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
        ForgetUnlessInTransaction(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ForgetUnlessInTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => ForgetIfPending(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetIfPending(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries().Any(AltersTheGate))
        {
            Flags.GetValue(context, _ => new StrongBox<bool>()).Value = true;
        }
    }

    private static bool AltersTheGate(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) => entry.Entity switch
    {
        GraphSubscription => entry.State == EntityState.Deleted,
        Integration => entry.State is EntityState.Modified or EntityState.Deleted,
        CalendarMapping => entry.State == EntityState.Deleted,
        _ => false,
    };

    private void ForgetUnlessInTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            ForgetIfPending(context);
        }
    }

    private void ForgetIfPending(DbContext? context)
    {
        if (context is not null && Flags.TryGetValue(context, out var pending) && pending.Value)
        {
            pending.Value = false;
            known.ForgetAll();
        }
    }
}
