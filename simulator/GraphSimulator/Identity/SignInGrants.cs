using System.Collections.Concurrent;

namespace GraphSimulator.Identity;

/// <summary>Authorization codes (single use, 10 minutes) and refresh tokens (90 days, a new one on every use).</summary>
public sealed class SignInGrants(TimeProvider time)
{
    private static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(90);

    private readonly ConcurrentDictionary<string, SignInGrant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SignInGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _revoked = new(StringComparer.Ordinal);

    public string IssueCode(SignInGrant grant)
    {
        var code = NewSecret();
        _codes[code] = grant with { ExpiresAt = time.GetUtcNow() + CodeLifetime };
        return code;
    }

    public SignInGrant? RedeemCode(string code) =>
        _codes.TryRemove(code, out var grant) && grant.ExpiresAt > time.GetUtcNow() ? grant : null;

    public string IssueRefreshToken(SignInGrant grant)
    {
        var token = NewSecret();
        _refreshTokens[token] = grant with { ExpiresAt = time.GetUtcNow() + RefreshLifetime };
        return token;
    }

    /// <summary>
    /// Entra ID issues a new refresh token on every use but does not revoke the old one: it stays valid until
    /// it expires or the user's sessions are revoked. (Clients sharing a token cache depend on this.)
    /// </summary>
    public SignInGrant? RedeemRefreshToken(string token) =>
        _refreshTokens.TryGetValue(token, out var grant) && grant.ExpiresAt > time.GetUtcNow() ? grant : null;

    /// <summary>revokeSignInSessions: every refresh token of the user stops working; returns how many.</summary>
    public int RevokeFor(string tenantId, string userId)
    {
        var revoked = 0;
        foreach (var (token, grant) in _refreshTokens)
        {
            if (grant.TenantId == tenantId && grant.UserId == userId && _refreshTokens.TryRemove(token, out _))
            {
                _revoked[token] = 0;
                revoked++;
            }
        }

        return revoked;
    }

    /// <summary>Entra ID tells a revoked grant (AADSTS50173) apart from an unknown or used one.</summary>
    public bool WasRevoked(string token) => _revoked.ContainsKey(token);

    private static string NewSecret() => AccessTokens.Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
}

/// <summary>What a user signed in to: which app, in which tenant, with which scopes and redirect URI.</summary>
public sealed record SignInGrant(string TenantId, string AppId, string UserId, IReadOnlyList<string> Scopes, string RedirectUri, DateTimeOffset ExpiresAt = default);
