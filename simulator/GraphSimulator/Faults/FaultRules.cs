using System.Collections.Concurrent;

namespace GraphSimulator.Faults;

/// <summary>
/// Faults injected through the control API: a rule matches requests by path fragment and/or mailbox
/// and fires a number of times (or until removed).
/// </summary>
public sealed class FaultRules
{
    private readonly ConcurrentDictionary<string, FaultRule> _rules = new(StringComparer.Ordinal);

    public IReadOnlyCollection<FaultRule> All => _rules.Values.OrderBy(r => r.Created).ToList();

    public FaultRule Add(FaultRule rule)
    {
        _rules[rule.Id] = rule;
        return rule;
    }

    public bool Remove(string id) => _rules.TryRemove(id, out _);

    public void Clear() => _rules.Clear();

    /// <summary>The first live rule matching the path, consuming one of its shots.</summary>
    public FaultRule? Take(string path)
    {
        foreach (var rule in All)
        {
            if (!rule.Matches(path))
            {
                continue;
            }

            if (rule.Remaining < 0)
            {
                return rule;
            }

            var left = Interlocked.Decrement(ref rule.RemainingShots);
            if (left >= 0)
            {
                if (left == 0)
                {
                    _rules.TryRemove(rule.Id, out _);
                }

                return rule;
            }
        }

        return null;
    }
}

public enum FaultKind
{
    Status,
    Throttle,
    Latency,
    Malformed,
    Drop,
}

public sealed class FaultRule(string id, FaultKind kind, string? route, string? mailbox, int status, double retryAfterSeconds, TimeSpan latency, int count, DateTimeOffset created)
{
    internal int RemainingShots = count;
    private readonly bool _untilRemoved = count < 0;

    public string Id { get; } = id;
    public FaultKind Kind { get; } = kind;
    public string? Route { get; } = route;
    public string? Mailbox { get; } = mailbox;
    public int Status { get; } = status;
    public double RetryAfterSeconds { get; } = retryAfterSeconds;
    public TimeSpan Latency { get; } = latency;

    /// <summary>Shots left; -1 fires until removed.</summary>
    public int Remaining => _untilRemoved ? -1 : Math.Max(0, RemainingShots);

    public DateTimeOffset Created { get; } = created;

    public bool Matches(string path) =>
        (Route is null || path.Contains(Route, StringComparison.OrdinalIgnoreCase))
        && (Mailbox is null || Uri.UnescapeDataString(path).Contains(Mailbox, StringComparison.OrdinalIgnoreCase));
}
