namespace OutlookSync.Diagnostics;

/// <summary>Running totals of this process's work, for the status and the soak's tally.</summary>
public sealed class SyncCounters(Telemetry.ServiceMetrics metrics)
{
    private long _renewals;
    private long _recreations;
    private long _syncs;
    private long _polls;
    private long _duplicates;
    private long _covered;
    private long _spaced;
    private long _created;
    private long _updated;
    private long _cancelled;

    public long Renewals => Interlocked.Read(ref _renewals);

    public long Recreations => Interlocked.Read(ref _recreations);

    public long Syncs => Interlocked.Read(ref _syncs);

    public long PollsQueued => Interlocked.Read(ref _polls);

    public long DuplicatesSkipped => Interlocked.Read(ref _duplicates);

    public void SkippedDuplicate() => Interlocked.Increment(ref _duplicates);

    /// <summary>Jobs answered without a Graph call: a sync that began after they were queued had seen their change.</summary>
    public long SyncsCovered => Interlocked.Read(ref _covered);

    public void Covered() => Interlocked.Increment(ref _covered);

    /// <summary>Jobs put back to wait because their calendar had synced less than Sync:MinRoundInterval before.</summary>
    public long SyncsSpaced => Interlocked.Read(ref _spaced);

    public void Spaced() => Interlocked.Increment(ref _spaced);

    public void Polled(int count) => Interlocked.Add(ref _polls, count);

    public long BookingsCreated => Interlocked.Read(ref _created);

    public long BookingsUpdated => Interlocked.Read(ref _updated);

    public long BookingsCancelled => Interlocked.Read(ref _cancelled);

    public void Renewed()
    {
        Interlocked.Increment(ref _renewals);
        metrics.Renewal("renewed");
    }

    public void Recreated()
    {
        Interlocked.Increment(ref _recreations);
        metrics.Renewal("recreated");
    }

    public void Synced(int created, int updated, int cancelled)
    {
        Interlocked.Increment(ref _syncs);
        Interlocked.Add(ref _created, created);
        Interlocked.Add(ref _updated, updated);
        Interlocked.Add(ref _cancelled, cancelled);
    }
}
