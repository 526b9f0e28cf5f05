using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;

namespace OutlookSync.Integrations;

/// <summary>
/// The official Graph SDK per integration, app-only (mode B) through Azure.Identity client credentials.
/// Every HTTP call goes through the named clients "graph" and "identity" (IHttpClientFactory), so hosts
/// can add handlers (proxies, test certificates) without touching this code.
/// </summary>
public sealed class GraphClients(IHttpClientFactory http, IHttpMessageHandlerFactory handlers, IOptions<GraphOptions> options, SecretProtector secrets, DelegatedSignIns signIns, TimeProvider time)
{
    /// <summary>The client for the integration's mode: app-only (B), or as the connected service account (A).</summary>
    public GraphServiceClient For(Integration integration) =>
        integration.Mode == IntegrationMode.Application
            ? AppOnly(integration)
            : new GraphServiceClient(http.CreateClient(GraphHttpClient), signIns.AuthenticationFor(integration), options.Value.BaseUrl.ToString().TrimEnd('/'));

    /// <summary>The mailbox whose calendar a mapping syncs: the room (B), or the connected service account's own (A).</summary>
    public static string MailboxOf(Integration integration, CalendarMapping mapping) =>
        integration.Mode == IntegrationMode.Application ? mapping.Mailbox : integration.ConnectedUser ?? "me";

    public const string GraphHttpClient = "graph";
    public const string IdentityHttpClient = "identity";

    private readonly Dictionary<(int, string), GraphServiceClient> _clients = new();
    private readonly Lock _gate = new();

    public GraphServiceClient AppOnly(Integration integration)
    {
        var secret = integration.ProtectedClientSecret is { } stored ? secrets.Unprotect(stored) : throw new InvalidOperationException($"Integration {integration.Id} has no client secret.");
        var key = (integration.Id, integration.ClientId + "|" + integration.TenantId + "|" + stored.GetHashCode());
        lock (_gate)
        {
            if (_clients.TryGetValue(key, out var client))
            {
                return client;
            }

            var o = options.Value;
            var credential = new ClockAwareCredential(
                () => new ClientSecretCredential(integration.TenantId, integration.ClientId, secret, new ClientSecretCredentialOptions
                {
                    AuthorityHost = o.AuthorityHost,
                    DisableInstanceDiscovery = o.AuthorityHost.Host != "login.microsoftonline.com",
                    Transport = new HttpClientTransport(http.CreateClient(IdentityHttpClient)),
                }),
                time);
            var authentication = new AzureIdentityAuthenticationProvider(credential, [o.BaseUrl.Host], null, true, "https://graph.microsoft.com/.default");
            // The named client's pipeline (the SDK's retries and all), behind one handler that watches for refusals.
            var pipeline = new HttpClient(new ReissueTokenOnRefusal(credential) { InnerHandler = handlers.CreateHandler(GraphHttpClient) }, disposeHandler: false);
            client = new GraphServiceClient(pipeline, authentication, o.BaseUrl.ToString().TrimEnd('/'));
            _clients[key] = client;
            return client;
        }
    }

    /// <summary>
    /// After Graph refused the app (401/403) the next call signs in again, so consent granted meanwhile counts
    /// from the next attempt, not only once the old token's hour is up.
    /// </summary>
    private sealed class ReissueTokenOnRefusal(ClockAwareCredential credential) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            {
                credential.Reissue();
            }

            return response;
        }
    }
}
