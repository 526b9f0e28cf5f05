using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Kiota.Abstractions.Authentication;

namespace OutlookSync.Integrations;

/// <summary>
/// Mode A: the service account's sign-in through MSAL's authorization code flow. MSAL's token cache
/// (with the refresh token) lives encrypted in the integration's row, written back whenever MSAL changes it.
/// </summary>
public sealed class DelegatedSignIns(IHttpClientFactory http, IOptions<GraphOptions> options, SecretProtector secrets, TimeProvider time)
{
    public static readonly string[] Scopes = ["https://graph.microsoft.com/Calendars.ReadWrite"];

    public bool HasRedirectUri => options.Value.PublicBaseUrl is not null;

    public Uri RedirectUri(int integrationId) =>
        new(options.Value.PublicBaseUrl ?? throw new InvalidOperationException("Graph:PublicBaseUrl is not set."), $"integrations/redirect/{integrationId}");

    public Uri AuthorizeUrl(Integration integration, string state, bool consent) =>
        new($"{options.Value.AuthorityHost}{integration.TenantId}/oauth2/v2.0/authorize?client_id={integration.ClientId}&response_type=code"
            + $"&redirect_uri={Uri.EscapeDataString(RedirectUri(integration.Id).ToString())}&response_mode=query"
            + $"&scope={Uri.EscapeDataString(string.Join(' ', Scopes.Append("offline_access").Append("openid").Append("profile")))}"
            + $"&state={state}{(consent ? "&prompt=consent" : "")}");

    public Uri AdminConsentUrl(Integration integration, string state) =>
        new($"{options.Value.AuthorityHost}{integration.TenantId}/adminconsent?client_id={integration.ClientId}"
            + $"&redirect_uri={Uri.EscapeDataString(RedirectUri(integration.Id).ToString())}&state={state}");

    /// <summary>Redeems the code; the cache (and so the refresh token) is saved by MSAL's after-access hook.</summary>
    public async Task<AuthenticationResult> RedeemAsync(Integration integration, string code, CancellationToken cancellationToken)
    {
        var result = await Client(integration).AcquireTokenByAuthorizationCode(Scopes, code).ExecuteAsync(cancellationToken);
        integration.ConnectedAccountId = result.Account.HomeAccountId.Identifier;
        integration.ConnectedUser = result.Account.Username;
        return result;
    }

    /// <summary>Redeems a code only to learn whose it is (Step 1 of mode A): nothing is kept.</summary>
    public async Task<string> IdentifyAsync(Integration integration, string code, CancellationToken cancellationToken)
    {
        var result = await Client(integration, keepTokens: false).AcquireTokenByAuthorizationCode(Scopes, code).ExecuteAsync(cancellationToken);
        return result.Account.Username;
    }

    public IAuthenticationProvider AuthenticationFor(Integration integration) =>
        new BaseBearerTokenAuthenticationProvider(new AccountTokens(this, integration, options.Value.BaseUrl.Host, time));

    private IConfidentialClientApplication Client(Integration integration, bool keepTokens = true)
    {
        var authorityHost = options.Value.AuthorityHost;
        var builder = ConfidentialClientApplicationBuilder.Create(integration.ClientId)
            .WithClientSecret(secrets.Unprotect(integration.ProtectedClientSecret!))
            .WithAuthority($"{authorityHost}{integration.TenantId}", validateAuthority: authorityHost.Host == "login.microsoftonline.com")
            .WithInstanceDiscovery(authorityHost.Host == "login.microsoftonline.com")
            .WithHttpClientFactory(new NamedHttpClients(http));
        // Only redeeming a code needs the redirect URI; a worker refreshing tokens may not know the public URL.
        var app = (HasRedirectUri ? builder.WithRedirectUri(RedirectUri(integration.Id).ToString()) : builder).Build();
        if (!keepTokens)
        {
            return app;
        }

        app.UserTokenCache.SetBeforeAccess(args =>
        {
            if (integration.ProtectedTokenCache is { } stored)
            {
                args.TokenCache.DeserializeMsalV3(Convert.FromBase64String(secrets.Unprotect(stored)));
            }
        });
        // The new cache is saved with the caller's own unit of work (the integration is a tracked entity): a
        // separate write would wait on the caller's open SQLite transaction. Should that work fail, the refresh
        // token already stored keeps working: Entra ID does not revoke a refresh token when it is used.
        app.UserTokenCache.SetAfterAccess(args =>
        {
            if (args.HasStateChanged)
            {
                integration.ProtectedTokenCache = secrets.Protect(Convert.ToBase64String(args.TokenCache.SerializeMsalV3()));
            }
        });
        return app;
    }

    // When each integration's access token is due for a refresh on the service's clock. MSAL judges expiry on
    // the real clock; with a simulated (or skewed) clock that is not enough. Unknown after a restart: refresh.
    private readonly ConcurrentDictionary<(int IntegrationId, string? Account), DateTimeOffset> _refreshAfter = new();

    /// <summary>Access tokens for the connected account; refreshed once their lifetime has passed on the service's clock.</summary>
    private sealed class AccountTokens(DelegatedSignIns owner, Integration integration, string graphHost, TimeProvider time) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([graphHost]);

        public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
        {
            var client = owner.Client(integration);
            var account = await client.GetAccountAsync(integration.ConnectedAccountId)
                ?? throw new InvalidOperationException("The service account is not connected: run Step 2 (connect) on the auth screen.");
            var key = (integration.Id, integration.ConnectedAccountId);
            var due = !owner._refreshAfter.TryGetValue(key, out var refreshAfter) || time.GetUtcNow() >= refreshAfter;
            var result = await client.AcquireTokenSilent(Scopes, account).WithForceRefresh(due).ExecuteAsync(cancellationToken);
            if (result.AuthenticationResultMetadata.TokenSource != TokenSource.Cache)
            {
                // A cached token's expiry says nothing new on the service's clock: only a fresh one moves the mark.
                owner._refreshAfter[key] = time.GetUtcNow() + (result.ExpiresOn - TimeProvider.System.GetUtcNow()) - TimeSpan.FromMinutes(5);
            }

            return result.AccessToken;
        }
    }

    private sealed class NamedHttpClients(IHttpClientFactory http) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => http.CreateClient(GraphClients.IdentityHttpClient);
    }
}
