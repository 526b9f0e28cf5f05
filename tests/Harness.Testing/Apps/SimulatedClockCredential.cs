using Azure.Core;

namespace Harness.Testing.Apps;

/// <summary>
/// Azure.Identity and MSAL judge token expiry on the real clock, while the simulator judges it on the
/// simulated one, which tests move days ahead. This wrapper keeps a token only for its lifetime in
/// simulated time, then asks a fresh credential (fresh cache) for a new one.
/// </summary>
public sealed class SimulatedClockCredential(Func<TokenCredential> create, TimeProvider time) : TokenCredential
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TokenCredential _inner = create();
    private AccessToken? _token;
    private DateTimeOffset _validUntil;

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
            _validUntil = time.GetUtcNow() + (token.ExpiresOn - DateTimeOffset.UtcNow) - Margin;
            _token = token;
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
