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
        services.Configure<ActivationOptions>(configuration.GetSection(ActivationOptions.SectionName));
        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.SectionName));
        services.AddScoped<ProblemReporter>();

        services.AddKeyRing(configuration);

        services.AddSingleton<SecretProtector>();
        services.AddSingleton<GraphClients>();
        services.AddSingleton<DelegatedSignIns>();
        services.AddSingleton<SignInProbe>();
        services.AddSingleton<WebhookCounters>();
        services.AddSingleton<ClientStates>();
        services.AddSingleton<KnownSubscriptions>();
        services.AddSingleton<KnownSubscriptionsInvalidation>();
        services.AddSingleton<DirectHandOff>();
        services.AddSingleton<WebhookCommits>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookCommits>());
        services.AddScoped<NotificationGate>();
        services.AddScoped<WebhookLog>();
        services.AddScoped<SubscriptionManager>();
        services.AddScoped<MailboxDirectory>();
        services.AddScoped<IntegrationSettings>();

        // The SDK's own middleware (redirects, compression, ...) on the named client, with its retry handler
        // swapped for one that waits on the service's clock.
        services.AddSingleton<GraphRetryWaits>();
        services.AddHttpClient(GraphClients.GraphHttpClient)
            .ConfigurePrimaryHttpMessageHandler(TrustingHandler)
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                foreach (var handler in GraphClientFactory.CreateDefaultHandlers())
                {
                    handlers.Add(handler is Microsoft.Kiota.Http.HttpClientLibrary.Middleware.RetryHandler
                        ? new GraphRetryHandler(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<GraphRetryWaits>(), sp.GetRequiredService<Diagnostics.Telemetry.ServiceMetrics>())
                        : handler);
                }
            });
        // No redirects followed on the identity client: the sign-in probe reads Entra ID's error redirects itself.
        services.AddHttpClient(GraphClients.IdentityHttpClient).ConfigurePrimaryHttpMessageHandler(TrustingHandler);
        return services;
    }

    private static HttpMessageHandler TrustingHandler(IServiceProvider services)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false };
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
