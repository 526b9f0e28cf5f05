using GraphSimulator.Calendars;
using GraphSimulator.Control;
using GraphSimulator.Faults;
using GraphSimulator.Graph;
using GraphSimulator.Hosting;
using GraphSimulator.Identity;
using GraphSimulator.Tenants;
using GraphSimulator.Notifications;
using GraphSimulator.Places;
using GraphSimulator.Subscriptions;

namespace GraphSimulator;

/// <summary>A stateful fake of Microsoft Graph, on a clock the caller controls.</summary>
public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var app = Build(args);
        await app.RunAsync();
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Standalone the clock is real time that the control API can move ahead; tests replace it.
        builder.Services.AddSingleton<TimeProvider>(new Clock.SimulatedClock(TimeProvider.System));
        builder.Services.AddOptions<SimulatorOptions>()
            .Bind(builder.Configuration.GetSection(SimulatorOptions.SectionName))
            .Validate(o => o.MaxSubscriptionLifetimeMinutes > 0, "Simulator:MaxSubscriptionLifetimeMinutes must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TenantDirectory>();
        builder.Services.AddSingleton<TenantSeeder>();
        builder.Services.AddIdentity();
        builder.Services.AddSubscriptions();
        builder.Services.AddCalendars();
        builder.Services.AddSingleton<Throttling>();
        builder.Services.AddSingleton<FaultRules>();
        builder.Services.AddNotificationDelivery();

        var settings = builder.Configuration.GetSection(SimulatorOptions.SectionName).Get<SimulatorOptions>() ?? new SimulatorOptions();
        if (settings.HttpsCertificatePemPath is { Length: > 0 } pemPath)
        {
            var certificate = SelfSignedCertificate.Create(TimeProvider.System);
            SelfSignedCertificate.WritePem(certificate, pemPath);
            Console.WriteLine($"Serving https with a certificate made at start-up; clients trust it with {Path.GetFullPath(pemPath)} (e.g. curl --cacert, SSL_CERT_FILE, or an HttpClient handler that accepts it).");
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
        }

        var app = builder.Build();
        if (settings.SeedDemoTenant)
        {
            var (_, _, problem) = app.Services.GetRequiredService<TenantSeeder>().Apply(DemoTenant.Seed(settings.DemoRedirectUris()));
            if (problem is not null)
            {
                throw new InvalidOperationException($"The demo tenant could not be seeded: {problem}");
            }
        }

        // Behind a reverse proxy on this machine, links (nextLink, deltaLink, issuer) use the address the client called.
        app.UseForwardedHeaders(new Microsoft.AspNetCore.Builder.ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedHost | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
        });
        app.UseGraphRequestIds();
        app.UseFaultInjection();
        app.UseControlAccess();
        app.MapIdentity();
        app.MapSubscriptions();
        app.MapCalendars();
        app.MapPlaces();
        app.MapControlApi();
        app.MapControlPage();
        app.MapFallback("/v1.0/{**path}", GraphErrors.UnknownSegment);
        app.MapGet("/", () => Results.Redirect("/control/page"));
        return app;
    }
}
