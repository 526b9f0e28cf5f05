using OutlookSync.Diagnostics;
using OutlookSync.Diagnostics.Readiness;
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
    /// <summary>
    /// Runs the service; with "execute-integrations" one ExecuteIntegrations run for a system cron (exit code 0
    /// on success); with "readiness &lt;id&gt; [probe mailbox]" the production checklist (exit code 0 when ready).
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == "execute-integrations")
        {
            var oneShot = Build(args[1..]);
            await using var scope = oneShot.Services.CreateAsyncScope();
            await StorageRegistration.EnsureSchemaAsync(oneShot.Services, CancellationToken.None);
            var run = await scope.ServiceProvider.GetRequiredService<Scheduling.ExecuteIntegrations>().RunAsync($"one-shot@{Environment.MachineName}", CancellationToken.None);
            Console.WriteLine($"ExecuteIntegrations: {run.RenewalsQueued} renewal(s), {run.RecreationsQueued} recreation(s), {run.PollsQueued} poll(s) queued.");
            Console.WriteLine(await Queueing.Outbox.OutboxDrain.RunAsync(oneShot.Services, TimeSpan.FromSeconds(10)));
            return 0;
        }

        if (args.FirstOrDefault() == "readiness")
        {
            if (args.Length < 2 || !int.TryParse(args[1], out var integrationId))
            {
                Console.Error.WriteLine("Usage: OutlookSync readiness <integration id> [probe mailbox outside the room group] [--Setting=value ...]");
                return 2;
            }

            var probe = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? args[2] : null;
            var checker = Build(args[(probe is null ? 2 : 3)..]);
            await StorageRegistration.EnsureSchemaAsync(checker.Services, CancellationToken.None);
            return await ReadinessEndpoints.RunCommandAsync(checker.Services, integrationId, probe, Console.Out);
        }

        var app = Build(args);
        var failure = app.Services.GetRequiredService<ProcessFailure>();
        var background = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        try
        {
            // RunAsync disposes the app when it ends: read what is needed afterwards beforehand.
            await app.RunAsync();
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
        var builder = WebApplication.CreateBuilder(args);
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
        builder.Services.AddServiceHealthChecks(builder.Configuration);
        builder.Services.AddErrorResponses();

        var app = builder.Build();
        if (app.Environment.IsProduction() && !KeyRing.IsProtectedAtRest(app.Configuration))
        {
            app.Logger.LogWarning("The Data Protection key ring is not encrypted at rest: set DataProtection:CertificatePath or DataProtection:CertificateThumbprint (see docs/operations.md)");
        }

        app.UseErrorResponses();
        app.MapOutlookWebhook();
        app.MapAdminApi();
        app.MapConnect();
        app.MapStatus();
        app.MapReadiness();
        app.MapServiceHealth();
        app.MapGet("/", () => Results.Text("OutlookSync is running. Health: /health", "text/plain"));
        return app;
    }
}
