using Azure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Models.ODataErrors;
using OutlookSync.Integrations;
using OutlookSync.Storage;

namespace OutlookSync.Diagnostics.Readiness;

public static class Outcome
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string NotChecked = "not checked";
}

public sealed record ReadinessItem(string Item, string Title, string Outcome, string Message);

public sealed record ReadinessReport(int IntegrationId, bool Ready, IReadOnlyList<ReadinessItem> Items);

/// <summary>
/// The production checklist, checked live against the integration's tenant through Graph and against
/// this deployment: sign-in, permissions and consent, the ApplicationAccessPolicy (with a probe mailbox
/// outside the room group), public addresses, live subscriptions, cron and workers, the mapped rooms,
/// problem e-mail and the first sync. Read-only: it changes nothing at Graph or here.
/// </summary>
public sealed class ReadinessCheck(SyncDbContext db, GraphClients graph, ServiceState state, DelegatedSignIns signIns, IOptions<GraphOptions> graphOptions, IOptions<SmtpOptions> smtp)
{
    private static readonly string[] TestWords = ["test", "demo", "dummy", "sample"];

    public async Task<ReadinessReport?> RunAsync(int integrationId, string? probeMailbox, CancellationToken cancellationToken)
    {
        var integration = await db.Integrations.AsNoTracking().Include(i => i.Mappings).FirstOrDefaultAsync(i => i.Id == integrationId, cancellationToken);
        if (integration is null)
        {
            return null;
        }

        var items = new List<ReadinessItem>();
        var signIn = await SignInAsync(integration, cancellationToken);
        items.Add(signIn);
        var signedIn = signIn.Outcome == Outcome.Passed;
        var calendars = signedIn ? await ReadCalendarsAsync(integration, cancellationToken) : [];
        items.Add(Permissions(integration, signedIn, calendars));
        items.Add(await AccessPolicyAsync(integration, signedIn, probeMailbox, cancellationToken));
        items.Add(RedirectUri(integration));
        items.Add(await WebhookAsync(integration, signedIn, cancellationToken));
        items.Add(await ProcessesAsync(cancellationToken));
        items.Add(await MappingsAsync(integration, calendars, cancellationToken));
        items.Add(ProblemEmail(integration));
        items.Add(FirstSync(integration));
        return new ReadinessReport(integration.Id, items.All(i => i.Outcome != Outcome.Failed), items);
    }

    private async Task<ReadinessItem> SignInAsync(Integration integration, CancellationToken cancellationToken)
    {
        const string title = "Sign-in with this integration's app registration and secret works";
        if (integration.Mode == IntegrationMode.Delegated && integration.ConnectedUser is null)
        {
            return new("PROD-01", title, Outcome.Failed, "Mode A: the service account is not connected; run Step 2 (connect) (TEST-13).");
        }

        // Any answer but 401 from Graph means a token was issued and accepted; what it may do is PROD-02.
        var problem = await GraphProblemAsync(async () =>
        {
            try
            {
                await graph.For(integration).Subscriptions.GetAsync(cancellationToken: cancellationToken);
            }
            catch (ODataError ex) when (ex.ResponseStatusCode != 401)
            {
            }
        }, "");
        return problem is null
            ? new("PROD-01", title, Outcome.Passed, $"Signed in to tenant {integration.TenantId} as app {integration.ClientId}{(integration.ConnectedUser is { } user ? $" for {user}" : "")}.")
            : new("PROD-01", title, Outcome.Failed, problem);
    }

    /// <summary>Per mapped calendar: null when its events can be read, else why not.</summary>
    private async Task<Dictionary<string, string?>> ReadCalendarsAsync(Integration integration, CancellationToken cancellationToken)
    {
        var read = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var mapping in integration.Mappings)
        {
            read[mapping.Mailbox] = await GraphProblemAsync(
                () => graph.For(integration).Users[GraphClients.MailboxOf(integration, mapping)].Events.GetAsync(cancellationToken: cancellationToken), mapping.Mailbox);
        }

        return read;
    }

    private static ReadinessItem Permissions(Integration integration, bool signedIn, Dictionary<string, string?> calendars)
    {
        const string title = "Calendars.ReadWrite granted (and admin consent for mode B) in this tenant";
        var denied = calendars.Where(c => c.Value is not null && IsDenied(c.Value)).ToList();
        return !signedIn ? new("PROD-02", title, Outcome.NotChecked, "Sign-in fails (PROD-01).")
            : integration.Mappings.Count == 0 ? new("PROD-02", title, Outcome.NotChecked, "No calendar is mapped yet.")
            : denied.Count > 0 ? new("PROD-02", title, Outcome.Failed, string.Join(" ", denied.Select(d => d.Value)))
            : new("PROD-02", title, Outcome.Passed, $"{calendars.Count(c => c.Value is null)} mapped calendar(s) readable.");
    }

    private async Task<ReadinessItem> AccessPolicyAsync(Integration integration, bool signedIn, string? probeMailbox, CancellationToken cancellationToken)
    {
        const string title = "ApplicationAccessPolicy limits the app to the room group (no tenant-wide access)";
        if (integration.Mode == IntegrationMode.Delegated)
        {
            return new("PROD-03", title, Outcome.Passed, "Mode A: delegated access to the service account's own calendar only; no policy needed.");
        }

        if (!signedIn || string.IsNullOrWhiteSpace(probeMailbox))
        {
            return new("PROD-03", title, Outcome.NotChecked, signedIn ? "Give a probe mailbox outside the room group (a person's UPN) to check the policy." : "Sign-in fails (PROD-01).");
        }

        try
        {
            await graph.For(integration).Users[probeMailbox].Events.GetAsync(cancellationToken: cancellationToken);
            return new("PROD-03", title, Outcome.Failed, $"The app can read {probeMailbox}'s calendar: access is tenant-wide. Restrict it to the room group with New-ApplicationAccessPolicy -AccessRight RestrictAccess (TEST-07, PROD-03).");
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == 403 && (ex.Error?.Message ?? "").Contains("OData is disabled", StringComparison.OrdinalIgnoreCase))
        {
            return new("PROD-03", title, Outcome.Passed, $"{probeMailbox} is refused to the app by the tenant's ApplicationAccessPolicy.");
        }
        catch (ODataError ex)
        {
            return new("PROD-03", title, Outcome.NotChecked, $"The probe mailbox could not tell: {GraphProblems.Explain(ex, probeMailbox, "")}");
        }
    }

    private ReadinessItem RedirectUri(Integration integration)
    {
        const string title = "The redirect URI is on the production base URL";
        var problem = PublicAddress.Problem(graphOptions.Value.PublicBaseUrl);
        return problem is null
            ? new("PROD-04", title, Outcome.Passed, $"Register {signIns.RedirectUri(integration.Id)} on the app registration (Authentication, Web).")
            : new("PROD-04", title, Outcome.Failed, problem + " (PROD-04)");
    }

    private async Task<ReadinessItem> WebhookAsync(Integration integration, bool signedIn, CancellationToken cancellationToken)
    {
        const string title = "The webhook is publicly reachable without a tunnel, over TLS, and Graph accepted it";
        var problems = new List<string>();
        if (PublicAddress.Problem(graphOptions.Value.PublicBaseUrl) is { } address)
        {
            problems.Add(address);
        }

        var mappingIds = integration.Mappings.Select(m => m.Id).ToList();
        var subscriptions = await db.Subscriptions.AsNoTracking().Where(s => mappingIds.Contains(s.MappingId)).ToListAsync(cancellationToken);
        foreach (var mapping in integration.Mappings)
        {
            var subscription = subscriptions.FirstOrDefault(s => s.MappingId == mapping.Id);
            var gone = subscription is null
                ? "none was created"
                : signedIn ? await GraphProblemAsync(() => graph.For(integration).Subscriptions[subscription.Id].GetAsync(cancellationToken: cancellationToken), mapping.Mailbox) : null;
            if (gone is not null)
            {
                problems.Add($"No live subscription for {mapping.Mailbox} ({gone}): activate the integration; Graph must validate the webhook (INFRA-1, PROD-05).");
            }
        }

        return problems.Count == 0
            ? new("PROD-05", title, Outcome.Passed, $"{subscriptions.Count} subscription(s) live at Graph on {graphOptions.Value.PublicBaseUrl}.")
            : new("PROD-05", title, Outcome.Failed, string.Join(" ", problems));
    }

    private async Task<ReadinessItem> ProcessesAsync(CancellationToken cancellationToken)
    {
        const string title = "ExecuteIntegrations and the workers run; no stale workers after a deploy";
        var problems = new List<string>();
        var cron = await state.CronAsync(cancellationToken);
        if (!cron.Running)
        {
            problems.Add(cron.Message);
        }

        problems.AddRange((await state.QueuesAsync(cancellationToken))
            .Where(q => q.Consumers < 1)
            .Select(q => q.Problem is { } p ? $"{q.Name}: {p}" : $"No worker consumes {q.Name} (INFRA-4, TEST-12)."));
        problems.AddRange((await state.NodesAsync(cancellationToken)).Where(n => n.Stale).Select(n => $"{n.Id}: {n.Message}"));
        return problems.Count == 0
            ? new("PROD-06", title, Outcome.Passed, "The cron runs, every queue has a worker, no worker is stale.")
            : new("PROD-06", title, Outcome.Failed, string.Join(" ", problems));
    }

    private async Task<ReadinessItem> MappingsAsync(Integration integration, Dictionary<string, string?> calendars, CancellationToken cancellationToken)
    {
        const string title = "Real rooms are mapped to the right objects (no test objects)";
        if (integration.Mappings.Count == 0)
        {
            return new("PROD-07", title, Outcome.Failed, "No calendar is mapped: map the real rooms to their objects.");
        }

        var objectIds = integration.Mappings.Select(m => m.ObjectId).ToList();
        var objects = await db.Objects.AsNoTracking().Where(o => objectIds.Contains(o.Id)).ToListAsync(cancellationToken);
        var problems = new List<string>();
        // Unreadable for another reason than permissions (PROD-02): no such mailbox, or a room outside the policy's group.
        problems.AddRange(calendars.Where(c => c.Value is not null && !IsDenied(c.Value)).Select(c => c.Value!));
        problems.AddRange(integration.Mappings.GroupBy(m => m.ObjectId).Where(g => g.Count() > 1)
            .Select(g => $"{string.Join(" and ", g.Select(m => m.Mailbox))} are mapped to the same object {objects.FirstOrDefault(o => o.Id == g.Key)?.Name}."));
        problems.AddRange(objects.Where(o => TestWords.Any(w => o.Name.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Select(o => $"The object \"{o.Name}\" looks like a test object: map the real one."));
        return problems.Count == 0
            ? new("PROD-07", title, Outcome.Passed, string.Join(", ", integration.Mappings.Select(m => $"{m.Mailbox} → {objects.FirstOrDefault(o => o.Id == m.ObjectId)?.Name}")))
            : new("PROD-07", title, Outcome.Failed, string.Join(" ", problems));
    }

    private ReadinessItem ProblemEmail(Integration integration)
    {
        const string title = "\"E-mail on problems\" goes to a monitored address";
        return string.IsNullOrWhiteSpace(integration.ProblemEmail)
            ? new("PROD-08", title, Outcome.Failed, "No \"e-mail on problems\" address is set on the integration.")
            : string.IsNullOrWhiteSpace(smtp.Value.Host)
                ? new("PROD-08", title, Outcome.Failed, $"Problems would go to {integration.ProblemEmail}, but Smtp:Host is not set: no e-mail can be sent.")
                : new("PROD-08", title, Outcome.Passed, $"Problems are e-mailed to {integration.ProblemEmail} through {smtp.Value.Host}.");
    }

    private static ReadinessItem FirstSync(Integration integration)
    {
        const string title = "The first live sync happened and every calendar is without problems";
        var problems = new List<string>();
        if (!integration.Active)
        {
            problems.Add("The integration is not active.");
        }

        problems.AddRange(integration.Mappings.Where(m => m.LastSyncAt is null).Select(m => $"{m.Mailbox} has never synced."));
        problems.AddRange(integration.Mappings.Where(m => m.Problem is not null).Select(m => $"{m.Mailbox}: {m.Problem}"));
        return problems.Count == 0 && integration.Mappings.Count > 0
            ? new("PROD-09", title, Outcome.Passed, $"Last syncs: {string.Join(", ", integration.Mappings.Select(m => $"{m.Mailbox} at {m.LastSyncAt:u}"))}.")
            : new("PROD-09", title, Outcome.Failed, problems.Count == 0 ? "No calendar is mapped." : string.Join(" ", problems));
    }

    private static bool IsDenied(string problem) => problem.Contains("(TEST-06, PROD-02)", StringComparison.Ordinal);

    /// <summary>Runs a Graph call; null when it worked, else what the operator must do.</summary>
    private static async Task<string?> GraphProblemAsync(Func<Task> call, string mailbox)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception ex) when (GraphProblems.Of(ex, mailbox) is { } problem)
        {
            return problem;
        }
    }
}
