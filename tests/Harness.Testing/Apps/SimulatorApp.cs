using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Azure.Identity;
using GraphSimulator.Graph;
using GraphSimulator.Hosting;
using GraphSimulator.Tenants;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;

namespace Harness.Testing.Apps;

/// <summary>
/// The Graph simulator on https (the identity libraries insist on it) in permissive local mode
/// (http notification URLs allowed). Clients made here trust its certificate in-process.
/// </summary>
public sealed class SimulatorApp(TimeProvider time, IReadOnlyDictionary<string, string?>? settings = null)
    : HostedApp<GraphSimulator.Program>(time, WithDefaults(settings), listen => listen.UseHttps(Certificate))
{
    public const string GraphScope = "https://graph.microsoft.com/.default";

    /// <summary>One certificate per test process: making RSA keys is slow.</summary>
    public static X509Certificate2 Certificate { get; } = SelfSignedCertificate.Create(TimeProvider.System);

    public Uri GraphBaseUrl => new(BaseAddress, "v1.0");

    public static HttpClientHandler CreateTrustingHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == Certificate.Thumbprint,
        AllowAutoRedirect = false,
    };

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);

        // Graph's side of the network: the service's production-like host name leads to its loopback port.
        builder.ConfigureServices(services => services.AddHttpClient(GraphSimulator.Subscriptions.ValidationHandshake.HttpClientName).ConfigurePrimaryHttpMessageHandler(PublicHost.CreateHandler));
    }

    /// <summary>Fault rules injected through the control API that have shots left.</summary>
    public async Task<int> FaultsLeftAsync()
    {
        using var http = CreateHttpClient();
        return (await http.GetFromJsonAsync<System.Text.Json.JsonElement>("control/faults")).GetProperty("value").GetArrayLength();
    }

    /// <summary>
    /// When Graph does something next by itself: a subscription expires, or (with a lifecycle URL) is challenged with
    /// reauthorizationRequired before it does; now while failed deliveries wait for their retry.
    /// </summary>
    public IReadOnlyList<DateTimeOffset> EventsDue()
    {
        var lead = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphSimulator.SimulatorOptions>>().Value.ReauthorizationLead;
        var subscriptions = Services.GetRequiredService<GraphSimulator.Subscriptions.SubscriptionStore>().All();
        var retrying = Services.GetRequiredService<GraphSimulator.Notifications.DeliveryScheduler>().Waiting > 0;
        return
        [
            .. subscriptions.Select(s => s.ExpirationDateTime),
            .. subscriptions.Where(s => s.LifecycleNotificationUrl is not null && lead > TimeSpan.Zero).Select(s => s.ExpirationDateTime - lead),
            .. retrying ? [Time.GetUtcNow()] : Array.Empty<DateTimeOffset>(),
        ];
    }

    /// <summary>A plain client for the simulator's control API and raw Graph calls.</summary>
    public HttpClient CreateHttpClient() => new(CreateTrustingHandler()) { BaseAddress = BaseAddress };

    public async Task<SeededTenant> SeedAsync(TenantSeed seed)
    {
        using var http = CreateHttpClient();
        var response = await http.PostAsJsonAsync("control/tenants", seed, GraphJson.Options);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Seeding the tenant failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<SeededTenant>(GraphJson.Options))!;
    }

    /// <summary>The official SDK with app-only client credentials from Azure.Identity, exactly as the service (mode B) uses it.</summary>
    public GraphServiceClient CreateAppOnlyGraphClient(string tenantId, string appId, string secret)
    {
        var credential = new OutlookSync.Integrations.ClockAwareCredential(
            () => new ClientSecretCredential(tenantId, appId, secret, new ClientSecretCredentialOptions
            {
                AuthorityHost = BaseAddress,
                DisableInstanceDiscovery = true,
                Transport = new HttpClientTransport(CreateTrustingHandler()),
            }),
            Time);
        return CreateGraphClient(new Microsoft.Graph.Authentication.AzureIdentityAuthenticationProvider(credential, [GraphBaseUrl.Host], null, true, GraphScope));
    }

    /// <summary>With the SDK's default middleware (retry honouring Retry-After, redirects, compression) over a trusting handler.</summary>
    public GraphServiceClient CreateGraphClient(Microsoft.Kiota.Abstractions.Authentication.IAuthenticationProvider authentication) =>
        new(GraphClientFactory.Create(finalHandler: CreateTrustingHandler()), authentication, GraphBaseUrl.ToString());

    private static Dictionary<string, string?> WithDefaults(IReadOnlyDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?> { ["Simulator:AllowInsecureNotificationUrls"] = "true" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }
}

/// <summary>The simulator's answer to POST /control/tenants.</summary>
public sealed record SeededTenant(string Id, string Domain, List<SeededUser> Users, List<SeededApp> Apps)
{
    public SeededUser User(string upnStart) =>
        Users.FirstOrDefault(u => u.UserPrincipalName.StartsWith(upnStart + "@", StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"No user {upnStart}@{Domain} in the seeded tenant.");
}

public sealed record SeededUser(string Id, string UserPrincipalName, bool IsRoom);

public sealed record SeededApp(string AppId, string DisplayName, List<SeededSecret> Secrets);

public sealed record SeededSecret(string KeyId, string? Value);
