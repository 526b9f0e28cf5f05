using OutlookSync.Diagnostics;
using OutlookSync.Diagnostics.Readiness;
using OutlookSync.Diagnostics.Telemetry;
using OutlookSync.Hosting;
using OutlookSync.Integrations;
using OutlookSync.Operators;
using OutlookSync.Storage;
using OutlookSync.Subscriptions;
using OutlookSync.Queueing;
using OutlookSync.Sync;
using OutlookSync.Webhooks;

namespace OutlookSync;

/// <summary>The sync service: the booking system's side of the Outlook integration.</summary>
public sealed class Program
{
    /// <summary>Runs the service, or one of the one-shot commands (see <see cref="Commands"/>; --help lists them).</summary>
    public static async Task<int> Main(string[] args)
    {
        if (Commands.IsCommand(args))
        {
            return await Commands.RunAsync(args);
        }

        var app = Build(args);
        var failure = app.Services.GetRequiredService<ProcessFailure>();
        var background = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        try
        {
            // RunAsync disposes the app when it ends: read what is needed afterwards beforehand.
            await app.RunAsync();
        }
        catch (OperationCanceledException) when (failure.ExitCode != 0)
        {
            // A fatal problem (ProcessFailure) stopped the host while it was still starting: already said why.
            return ProcessFailure.FailedExitCode;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Start-up failed (the database cannot be opened or migrated, a setting is invalid): say why, exit non-zero.
            Console.Error.WriteLine($"crit: The service could not start: {ex.GetBaseException().Message}");
            return ProcessFailure.FailedExitCode;
        }

        // A background service that crashed stopped the host (StopHost): that is a failure too.
        return failure.ExitCode != 0 || background.Any(s => s.ExecuteTask?.IsFaulted == true) ? ProcessFailure.FailedExitCode : 0;
    }

    public static WebApplication Build(string[] args)
    {
        // The shipped appsettings.json and static files sit beside the binaries: find them wherever the process is
        // started from (a supervisor's working directory is rarely the application's folder).
        var contentRootGiven = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 }
            || File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRootGiven ? null : AppContext.BaseDirectory });
        // The screens' stylesheet from a build output too (not only when published or in Development); without a
        // build manifest beside the binaries this does nothing.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddServiceRoles(builder.Configuration);
        builder.Services.AddSingleton<ProcessFailure>();
        // Storage first: its start-up migration must finish before any background service reads the database.
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddJobQueue(builder.Configuration);
        builder.Services.AddIntegrations(builder.Configuration);
        builder.Services.AddAdminApiKeyRules(builder.Configuration, builder.Environment);
        builder.Services.AddInboundSync();
        builder.Services.Configure<Scheduling.CronOptions>(builder.Configuration.GetSection(Scheduling.CronOptions.SectionName));
        builder.Services.Configure<Sync.SyncOptions>(builder.Configuration.GetSection(Sync.SyncOptions.SectionName));
        builder.Services.AddServiceHealthChecks(builder.Configuration);
        builder.Services.AddErrorResponses();
        builder.Services.AddServiceTelemetry(builder.Configuration);
        builder.Services.AddOperatorScreens();

        var app = builder.Build();
        if (app.Environment.IsProduction() && !KeyRing.IsProtectedAtRest(app.Configuration))
        {
            app.Logger.LogWarning("The Data Protection key ring is not encrypted at rest: set DataProtection:CertificatePath or DataProtection:CertificateThumbprint (see docs/operations.md)");
        }

        app.UseErrorResponses();
        app.UseOperatorScreens();
        app.MapOutlookWebhook();
        app.MapAdminApi();
        app.MapConnect();
        app.MapStatus();
        app.MapReadiness();
        app.MapServiceHealth();
        return app;
    }
}
