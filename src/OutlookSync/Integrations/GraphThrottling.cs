using System.Net;

namespace OutlookSync.Integrations;

/// <summary>
/// Where Graph's throttling is waited out. A call made for a queued job is not retried in place: the job goes
/// back to the outbox until the Retry-After has passed and the worker takes other calendars' jobs meanwhile
/// (see <see cref="Queueing.QueueWorker{TJob}"/>). Calls made while a person waits (activation, the readiness
/// check) are retried in place as before.
/// </summary>
public static class GraphThrottling
{
    private static readonly AsyncLocal<bool> Deferring = new();

    /// <summary>Graph calls from here on in this async flow give up on 429/503/504 with <see cref="GraphThrottledException"/>.</summary>
    public static void DeferToQueue() => Deferring.Value = true;

    public static bool Deferred => Deferring.Value;
}

/// <summary>Graph throttled a call of a queued job: the job should run again after <see cref="RetryAfter"/>.</summary>
public sealed class GraphThrottledException(HttpStatusCode status, TimeSpan retryAfter)
    : Exception($"Graph answered {(int)status} {status}; try again after {retryAfter.TotalSeconds:0} s")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
