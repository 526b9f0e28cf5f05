using System.Collections.Concurrent;
using OutlookSync.Integrations;

namespace OutlookSync.Webhooks;

/// <summary>
/// Subscriptions' clientStates in clear, by their protected form: unprotecting derives keys each time, which cost
/// the webhook more than the rest of its check. A renewed or replaced subscription has a new protected form, so an
/// entry never goes stale; the cache is emptied when it grows past a bound (far more than one per room).
/// </summary>
public sealed class ClientStates(SecretProtector secrets)
{
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, string> _clear = new(StringComparer.Ordinal);

    public string Unprotect(string protectedState)
    {
        if (_clear.TryGetValue(protectedState, out var clear))
        {
            return clear;
        }

        if (_clear.Count >= MaxEntries)
        {
            _clear.Clear();
        }

        return _clear[protectedState] = secrets.Unprotect(protectedState);
    }
}
