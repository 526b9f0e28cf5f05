using Azure.Core;

namespace OutlookSync.Integrations;

/// <summary>
/// Azure.Identity caches a token until its expiry on the real clock. The service's clock may be simulated
/// (tests move it days ahead), so a token is kept only for its lifetime on <see cref="TimeProvider"/>;
/// with the system clock this changes nothing.
/// </summary>
public sealed class ClockAwareCredential(Func<TokenCredential> create, TimeProvider time) : TokenCredential
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TokenCredential _inner = create();
    private AccessToken? _token;
    private DateTimeOffset _validUntil;

    /// <summary>The next call gets a new token: Graph refused this one, and permissions may have been granted since.</summary>
    public void Reissue() => _validUntil = DateTimeOffset.MinValue;

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is { } current && time.GetUtcNow() < _validUntil)
            {
                return current;
            }

            if (_token is not null)
            {
                _inner = create();
            }

            var token = await _inner.GetTokenAsync(requestContext, cancellationToken);
            _validUntil = time.GetUtcNow() + (token.ExpiresOn - TimeProvider.System.GetUtcNow()) - Margin;
            _token = token;
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
