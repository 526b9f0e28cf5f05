namespace OutlookSync.Sync;

/// <summary>The "Sync" section.</summary>
public sealed class SyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>
    /// Queued syncs of one calendar start at least this far apart: a job that comes sooner waits in the outbox, and
    /// one sync then reads every change notified meanwhile. A burst of changes to a room costs two delta rounds,
    /// not one per change, and a room stays far below Graph's 10,000 requests per 10 minutes per mailbox. The first
    /// change after a quiet spell is synced at once. Zero turns this off.
    /// </summary>
    public TimeSpan MinRoundInterval { get; set; } = TimeSpan.FromSeconds(1);
}
