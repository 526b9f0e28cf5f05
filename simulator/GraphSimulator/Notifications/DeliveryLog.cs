using System.Collections.Concurrent;

namespace GraphSimulator.Notifications;

/// <summary>Every delivery attempt to a notification endpoint, and every delivery given up, for the control API and tests.</summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentQueue<DeliveryAttempt> _attempts = new();

    public IReadOnlyCollection<DeliveryAttempt> Attempts => _attempts;

    public void Add(DeliveryAttempt attempt) => _attempts.Enqueue(attempt);
}

/// <summary>
/// Outcome: delivered, failed (non-2xx), timed out, unreachable, or (not attempted) dropped: retries
/// exhausted, by the control API, or for a slow endpoint. StatusCode is null when there was no answer.
/// </summary>
public sealed record DeliveryAttempt(
    string SubscriptionId,
    string ChangeType,
    string ResourceId,
    DateTimeOffset At,
    int? StatusCode,
    string Outcome,
    TimeSpan Elapsed,
    string Kind = Delivery.Change,
    int Attempt = 1)
{
    public bool Succeeded => Outcome == "delivered";
}
