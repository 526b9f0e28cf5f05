namespace OutlookSync.Webhooks;

/// <summary>
/// This web node's webhook tallies since it started, for the status API and the diagnostics screen: what was
/// queued, refused as spoofed, ignored (integration inactive), refused for its body (400/413) or while the
/// database was busy (503, Graph retries).
/// </summary>
public sealed class WebhookCounters(Diagnostics.Telemetry.ServiceMetrics metrics)
{
    private long _accepted;
    private long _rejected;
    private long _ignored;
    private long _malformed;
    private long _tooLarge;
    private long _refused;

    public long AcceptedCount => Interlocked.Read(ref _accepted);

    public long RejectedCount => Interlocked.Read(ref _rejected);

    public long IgnoredCount => Interlocked.Read(ref _ignored);

    public long MalformedCount => Interlocked.Read(ref _malformed);

    public long TooLargeCount => Interlocked.Read(ref _tooLarge);

    public long RefusedCount => Interlocked.Read(ref _refused);

    public void Accepted(int count)
    {
        Interlocked.Add(ref _accepted, count);
        metrics.Notifications("queued", count);
    }

    public void Rejected() => Count(ref _rejected, "rejected");

    public void Ignored() => Count(ref _ignored, "ignored");

    public void Malformed() => Count(ref _malformed, "malformed");

    public void TooLarge() => Count(ref _tooLarge, "too_large");

    public void Refused(int count)
    {
        Interlocked.Add(ref _refused, count);
        metrics.Notifications("refused", count);
    }

    private void Count(ref long tally, string outcome)
    {
        Interlocked.Increment(ref tally);
        metrics.Notifications(outcome);
    }

    public object Snapshot() => new
    {
        Accepted = AcceptedCount,
        Rejected = RejectedCount,
        Ignored = IgnoredCount,
        Malformed = MalformedCount,
        TooLarge = TooLargeCount,
        Refused = RefusedCount,
    };
}
