using System.Web;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Harness.Testing.Apps;

/// <summary>
/// The delegated (mode A) sign-in a person does in a browser, done over HTTP: the simulator's consent
/// page is submitted for a user, and MSAL redeems the code and keeps the refresh token, as the service will.
/// </summary>
public sealed class DelegatedSignIn : IAccessTokenProvider
{
    private readonly IConfidentialClientApplication _msal;
    private readonly string[] _scopes;
    private readonly TimeProvider _time;
    private IAccount? _account;
    private DateTimeOffset _refreshAfter;

    private DelegatedSignIn(IConfidentialClientApplication msal, string[] scopes, Uri graphBase, TimeProvider time)
    {
        _msal = msal;
        _scopes = scopes;
        _time = time;
        AllowedHostsValidator = new AllowedHostsValidator([graphBase.Host]);
    }

    public AllowedHostsValidator AllowedHostsValidator { get; }

    public static async Task<DelegatedSignIn> SignInAsync(SimulatorApp simulator, string tenantId, string appId, string secret, string redirectUri, string userId, params string[] scopes)
    {
        var msal = ConfidentialClientApplicationBuilder.Create(appId)
            .WithClientSecret(secret)
            .WithAuthority(new Uri(simulator.BaseAddress, tenantId).ToString(), validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithRedirectUri(redirectUri)
            .WithHttpClientFactory(new TrustingHttpClientFactory())
            .Build();
        var code = await ConsentAsync(simulator, tenantId, appId, redirectUri, userId, scopes);
        var signIn = new DelegatedSignIn(msal, scopes, simulator.GraphBaseUrl, simulator.Time);
        signIn.Remember(await msal.AcquireTokenByAuthorizationCode(scopes, code).ExecuteAsync());
        return signIn;
    }

    /// <summary>Submits the consent page as the user and returns the code from the redirect.</summary>
    public static async Task<string> ConsentAsync(SimulatorApp simulator, string tenantId, string appId, string redirectUri, string userId, string[] scopes)
    {
        var scope = string.Join(' ', scopes.Append("offline_access").Append("openid").Append("profile"));
        var authorize = new Uri(simulator.BaseAddress, $"{tenantId}/oauth2/v2.0/authorize?client_id={appId}&response_type=code&redirect_uri={Uri.EscapeDataString(redirectUri)}&scope={Uri.EscapeDataString(scope)}&state=s1");
        var location = await ConsentPage.AcceptAsync(simulator, authorize, userId);
        return HttpUtility.ParseQueryString(location.Query)["code"] ?? throw new InvalidOperationException($"No code in the redirect {location}");
    }

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        // MSAL's cache runs on the real clock; past the token's simulated lifetime, force the refresh-token grant.
        var result = await _msal.AcquireTokenSilent(_scopes, _account)
            .WithForceRefresh(_time.GetUtcNow() >= _refreshAfter)
            .ExecuteAsync(cancellationToken);
        if (result.AuthenticationResultMetadata.TokenSource != TokenSource.Cache)
        {
            Remember(result);
        }

        return result.AccessToken;
    }

    private void Remember(AuthenticationResult result)
    {
        _account = result.Account;
        _refreshAfter = _time.GetUtcNow() + (result.ExpiresOn - DateTimeOffset.UtcNow) - TimeSpan.FromMinutes(5);
    }

    public BaseBearerTokenAuthenticationProvider AsAuthenticationProvider() => new(this);

    private sealed class TrustingHttpClientFactory : IMsalHttpClientFactory
    {
        private readonly HttpClient _client = new(SimulatorApp.CreateTrustingHandler());

        public HttpClient GetHttpClient() => _client;
    }
}
