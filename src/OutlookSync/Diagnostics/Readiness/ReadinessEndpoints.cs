using OutlookSync.Integrations;

namespace OutlookSync.Diagnostics.Readiness;

/// <summary>GET /api/admin/integrations/{id}/readiness[?probeMailbox=upn]: the production checklist, live.</summary>
public static class ReadinessEndpoints
{
    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/admin").RequireAdminApiKey().MapGet("/integrations/{id:int}/readiness", async (int id, string? probeMailbox, ReadinessCheck check, CancellationToken cancellationToken) =>
        {
            if (probeMailbox is not null && (probeMailbox.Length > 320 || !System.Net.Mail.MailAddress.TryCreate(probeMailbox, out _)))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["probeMailbox"] = ["The probe mailbox is a UPN (user@domain) outside the room group."] });
            }

            return await check.RunAsync(id, probeMailbox, cancellationToken) is { } report ? Results.Ok(report) : Results.NotFound();
        });
        return app;
    }

    /// <summary>The one-shot command: prints each item and exits 0 when ready, 1 when not, 2 when the integration is unknown.</summary>
    public static async Task<int> RunCommandAsync(IServiceProvider services, int integrationId, string? probeMailbox, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ReadinessCheck>().RunAsync(integrationId, probeMailbox, CancellationToken.None);
        if (report is null)
        {
            await output.WriteLineAsync($"No integration {integrationId}.");
            return 2;
        }

        foreach (var item in report.Items)
        {
            await output.WriteLineAsync($"{item.Item} {item.Outcome,-11} {item.Title}: {item.Message}");
        }

        await output.WriteLineAsync(report.Ready ? "Ready for production." : "Not ready: fix the failed items above.");
        return report.Ready ? 0 : 1;
    }
}
