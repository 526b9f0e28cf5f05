using OutlookSync.Diagnostics;
using OutlookSync.Hosting;
using OutlookSync.Integrations;
using OutlookSync.Storage;
using OutlookSync.Subscriptions;
using OutlookSync.Queueing;
using OutlookSync.Sync;
using OutlookSync.Webhooks;

namespace OutlookSync;

/// <summary>The sync service: the booking system's side of the Outlook integration.</summary>
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
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddServiceRoles(builder.Configuration);
        builder.Services.AddJobQueue(builder.Configuration);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddIntegrations(builder.Configuration);
        builder.Services.AddInboundSync();
        builder.Services.AddServiceHealthChecks();

        var app = builder.Build();
        app.MapOutlookWebhook();
        app.MapAdminApi();
        app.MapConnect();
        app.MapServiceHealth();
        app.MapGet("/", () => Results.Text("OutlookSync is running. Health: /health", "text/plain"));
        return app;
    }
}
