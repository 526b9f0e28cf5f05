using System.Collections.Concurrent;

namespace GraphSimulator.Notifications;

/// <summary>Every delivery attempt to a notification endpoint, for the control API and for tests.</summary>
public sealed class DeliveryLog
{
    private readonly ConcurrentQueue<DeliveryAttempt> _attempts = new();

    public IReadOnlyCollection<DeliveryAttempt> Attempts => _attempts;

    public void Add(DeliveryAttempt attempt) => _attempts.Enqueue(attempt);
}

/// <summary>StatusCode is null when the endpoint could not be reached or did not answer in time.</summary>
public sealed record DeliveryAttempt(
    string SubscriptionId,
    string ChangeType,
    string ResourceId,
    DateTimeOffset At,
    int? StatusCode,
    string Outcome,
    TimeSpan Elapsed);
