using Microsoft.AspNetCore.DataProtection;
using Microsoft.Graph;
using OutlookSync.Subscriptions;
using OutlookSync.Webhooks;

namespace OutlookSync.Integrations;

public static class IntegrationRegistration
{
    public static IServiceCollection AddIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<GraphOptions>(configuration.GetSection(GraphOptions.SectionName));
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.SectionName));
        services.AddSingleton<ProblemReporter>();

        // Every node of a deployment must read the secrets the others stored: share the key ring.
        var protection = services.AddDataProtection().SetApplicationName("OutlookSync");
        if (configuration["Storage:DataProtectionKeysPath"] is { Length: > 0 } keys)
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }

        services.AddSingleton<SecretProtector>();
        services.AddSingleton<GraphClients>();
        services.AddSingleton<DelegatedSignIns>();
        services.AddSingleton<WebhookCounters>();
        services.AddScoped<NotificationGate>();
        services.AddScoped<SubscriptionManager>();

        // The SDK's own middleware (retry honouring Retry-After, redirects, compression) on the named client.
        services.AddHttpClient(GraphClients.GraphHttpClient)
            .ConfigurePrimaryHttpMessageHandler(TrustingHandler)
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
            {
                foreach (var handler in GraphClientFactory.CreateDefaultHandlers())
                {
                    handlers.Add(handler);
                }
            });
        services.AddHttpClient(GraphClients.IdentityHttpClient).ConfigurePrimaryHttpMessageHandler(TrustingHandler);
        return services;
    }

    private static HttpMessageHandler TrustingHandler(IServiceProvider services)
    {
        var handler = new HttpClientHandler();
        var path = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GraphOptions>>().Value.ExtraTrustedCertificatePath;
        if (!string.IsNullOrEmpty(path))
        {
            var extra = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(path));
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None || certificate?.Thumbprint == extra.Thumbprint;
        }

        return handler;
    }
}
