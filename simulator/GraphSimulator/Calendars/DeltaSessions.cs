using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace GraphSimulator.Calendars;

/// <summary>
/// Server-side state behind $deltatoken and $skiptoken. A delta token remembers the mailbox, the window
/// and the change-log position; it expires after <see cref="SimulatorOptions.DeltaTokenLifetime"/> of
/// simulated time (or on demand, to test full resyncs).
/// </summary>
public sealed class DeltaSessions(TimeProvider time, Microsoft.Extensions.Options.IOptions<SimulatorOptions> options)
{
    private readonly ConcurrentDictionary<string, DeltaState> _deltas = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PageState> _pages = new(StringComparer.Ordinal);

    public string SaveDelta(DeltaState state)
    {
        var token = NewToken();
        _deltas[token] = state with { ExpiresAt = time.GetUtcNow() + options.Value.DeltaTokenLifetime };
        return token;
    }

    /// <summary>Null when the token is unknown or expired: the caller must start a full sync.</summary>
    public DeltaState? FindDelta(string token) =>
        _deltas.TryGetValue(token, out var state) && state.ExpiresAt > time.GetUtcNow() ? state : null;

    public string SavePage(PageState page)
    {
        var token = NewToken();
        _pages[token] = page;
        return token;
    }

    public PageState? TakePage(string token) => _pages.TryRemove(token, out var page) ? page : null;

    /// <summary>Forget every delta token (control API): the next delta round of every client gets 410.</summary>
    public int ExpireAll()
    {
        var count = _deltas.Count;
        _deltas.Clear();
        return count;
    }

    private static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
}

public sealed record DeltaState(string MailboxId, DateTimeOffset Start, DateTimeOffset End, long Sequence, DateTimeOffset ExpiresAt = default, IReadOnlySet<string>? Select = null);

/// <summary>The rest of a delta round: items not yet handed out, and the state its final deltaLink will carry.</summary>
public sealed record PageState(DeltaState Next, IReadOnlyList<Dictionary<string, object?>> Remaining);
