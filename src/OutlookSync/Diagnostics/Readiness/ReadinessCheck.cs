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
public sealed class ReadinessCheck(SyncDbContext db, GraphClients graph, MailboxDirectory directory, ServiceState state, DelegatedSignIns signIns, SignInProbe probe, IOptions<GraphOptions> graphOptions, IOptions<SmtpOptions> smtp)
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
        items.Add(await SingleTenantAsync(integration, cancellationToken));
        items.Add(ServiceAccount(integration));
        var calendars = signedIn ? await ReadCalendarsAsync(integration, cancellationToken) : [];
        items.Add(Permissions(integration, signedIn, calendars));
        items.Add(await AccessPolicyAsync(integration, signedIn, probeMailbox, cancellationToken));
        items.AddRange(await RedirectUriAsync(integration, cancellationToken));
        items.Add(await WebhookAsync(integration, signedIn, cancellationToken));
        items.Add(await ProcessesAsync(cancellationToken));
        items.Add(await MappingsAsync(integration, signedIn, calendars, cancellationToken));
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

    /// <summary>
    /// Entra ID refuses a single-tenant app on the multi-tenant authority with AADSTS50194; a multi-tenant
    /// registration would show its sign-in page there instead (TEST-01).
    /// </summary>
    private async Task<ReadinessItem> SingleTenantAsync(Integration integration, CancellationToken cancellationToken)
    {
        const string title = "The app registration is single-tenant (accounts in this directory only)";
        if (!signIns.HasRedirectUri)
        {
            return new("TEST-01", title, Outcome.NotChecked, "Graph:PublicBaseUrl is not set, so Entra ID cannot be asked (it checks the redirect URI first).");
        }

        var answer = await ProbeAsync("common", integration, cancellationToken);
        return answer switch
        {
            null => new("TEST-01", title, Outcome.NotChecked, "The sign-in endpoint could not be asked (see PROD-01)."),
            { Code: 50194 } => new("TEST-01", title, Outcome.Passed, $"Only accounts of tenant {integration.TenantId} can sign in to app {integration.ClientId}."),
            { Accepted: true } => new("TEST-01", title, Outcome.Failed,
                $"App {integration.ClientId} accepts accounts from any organization (multi-tenant): set its supported account types to \"this organizational directory only\" (TEST-01, PROD-01)."),
            _ => new("TEST-01", title, Outcome.NotChecked, $"Entra ID answered {answer.Description} (see PROD-01 and PROD-04)."),
        };
    }

    /// <summary>Mode A: the connected account is a dedicated service account, not the administrator who consented in Step 1 (TEST-08).</summary>
    private static ReadinessItem ServiceAccount(Integration integration)
    {
        const string title = "A dedicated service account is connected for delegated access (not a person's account)";
        if (integration.Mode == IntegrationMode.Application)
        {
            return new("TEST-08", title, Outcome.Passed, "Mode B signs in as the application: no account is connected.");
        }

        if (integration.ConnectedUser is null)
        {
            return new("TEST-08", title, Outcome.Failed, "No account is connected: connect the dedicated service account in Step 2 (TEST-08, TEST-13).");
        }

        return string.Equals(integration.ConnectedUser, integration.ConsentedBy, StringComparison.OrdinalIgnoreCase)
            ? new("TEST-08", title, Outcome.Failed,
                $"{integration.ConnectedUser} is the administrator who granted consent in Step 1, a person's account: connect the dedicated, licensed service account in Step 2 instead (TEST-08).")
            : new("TEST-08", title, Outcome.Passed,
                $"Connected as {integration.ConnectedUser}{(integration.ConsentedBy is { } admin ? $"; consent was granted by {admin}" : "")}; its calendar is checked under PROD-02.");
    }

    /// <summary>
    /// TEST-03: Entra ID knows the integration's redirect URI (it answers AADSTS50011 before its sign-in page if
    /// not). PROD-04: that, and the URI is on the production base URL.
    /// </summary>
    private async Task<ReadinessItem[]> RedirectUriAsync(Integration integration, CancellationToken cancellationToken)
    {
        const string registeredTitle = "The redirect URI {base_url}/integrations/redirect/{id} is registered on the app registration";
        const string productionTitle = "The production redirect URI is registered against the production base URL";
        if (!signIns.HasRedirectUri)
        {
            var missing = "Graph:PublicBaseUrl is not set: there is no redirect URI to register.";
            return [new("TEST-03", registeredTitle, Outcome.Failed, missing), new("PROD-04", productionTitle, Outcome.Failed, missing + " (PROD-04)")];
        }

        var uri = signIns.RedirectUri(integration.Id);
        var answer = await ProbeAsync(integration.TenantId, integration, cancellationToken);
        var registered = answer switch
        {
            { Code: 50011 } => new ReadinessItem("TEST-03", registeredTitle, Outcome.Failed, $"Entra ID does not know the redirect URI: register {uri} on the app registration (Authentication, Web) (TEST-03, PROD-04)."),
            { Accepted: true } => new ReadinessItem("TEST-03", registeredTitle, Outcome.Passed, $"{uri} is registered on app {integration.ClientId}."),
            null => new ReadinessItem("TEST-03", registeredTitle, Outcome.NotChecked, $"The sign-in endpoint could not be asked whether {uri} is registered (see PROD-01)."),
            _ => new ReadinessItem("TEST-03", registeredTitle, Outcome.NotChecked, $"Entra ID answered {answer.Description} before checking {uri} (see PROD-01)."),
        };
        var production = PublicAddress.Problem(graphOptions.Value.PublicBaseUrl) is { } problem
            ? new ReadinessItem("PROD-04", productionTitle, Outcome.Failed, problem + " (PROD-04)")
            : registered with { Item = "PROD-04", Title = productionTitle };
        return [registered, production];
    }

    /// <summary>What Entra ID's authorize endpoint says, or null when it cannot be reached.</summary>
    private async Task<SignInProbe.Answer?> ProbeAsync(string tenant, Integration integration, CancellationToken cancellationToken)
    {
        try
        {
            return await probe.AuthorizeAsync(tenant, integration.ClientId, signIns.RedirectUri(integration.Id), cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
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

    private async Task<ReadinessItem> MappingsAsync(Integration integration, bool signedIn, Dictionary<string, string?> calendars, CancellationToken cancellationToken)
    {
        const string title = "Real rooms are mapped to the right objects, each once (no test objects)";
        if (integration.Mappings.Count == 0)
        {
            return new("PROD-07", title, Outcome.Failed, "No calendar is mapped: map the real rooms to their objects.");
        }

        var objectIds = integration.Mappings.Select(m => m.ObjectId).ToList();
        var objects = await db.Objects.AsNoTracking().Where(o => objectIds.Contains(o.Id)).ToListAsync(cancellationToken);
        var problems = new List<string>();
        var notes = "";
        if (integration.Mode == IntegrationMode.Application && signedIn)
        {
            var rooms = await directory.RoomsAsync(integration, cancellationToken);
            if (rooms is null)
            {
                notes = " Rooms not verified: grant the application permission Place.Read.All to have every mapped mailbox checked to be a room.";
            }
            else
            {
                problems.AddRange(integration.Mappings.Where(m => !rooms.Contains(m.Mailbox) && calendars.GetValueOrDefault(m.Mailbox) is null)
                    .Select(m => $"{m.Mailbox} is not a room mailbox (a person's or a shared mailbox?): map room mailboxes only (PROD-07, TEST-09)."));
            }
        }

        var mailboxes = integration.Mappings.Select(m => m.Mailbox).ToList();
        problems.AddRange((await db.Mappings.AsNoTracking().Where(m => m.IntegrationId != integration.Id && mailboxes.Contains(m.Mailbox)).Select(m => new { m.Mailbox, m.IntegrationId }).ToListAsync(cancellationToken))
            .Select(m => $"{m.Mailbox} is also mapped by integration {m.IntegrationId}: map each room once."));
        // Unreadable for another reason than permissions (PROD-02): no such mailbox, or a room outside the policy's group.
        problems.AddRange(calendars.Where(c => c.Value is not null && !IsDenied(c.Value)).Select(c => c.Value!));
        problems.AddRange(integration.Mappings.GroupBy(m => m.ObjectId).Where(g => g.Count() > 1)
            .Select(g => $"{string.Join(" and ", g.Select(m => m.Mailbox))} are mapped to the same object {objects.FirstOrDefault(o => o.Id == g.Key)?.Name}."));
        problems.AddRange(objects.Where(o => TestWords.Any(w => o.Name.Contains(w, StringComparison.OrdinalIgnoreCase)))
            .Select(o => $"The object \"{o.Name}\" looks like a test object: map the real one."));
        return problems.Count == 0
            ? new("PROD-07", title, Outcome.Passed, string.Join(", ", integration.Mappings.Select(m => $"{m.Mailbox} → {objects.FirstOrDefault(o => o.Id == m.ObjectId)?.Name}")) + notes)
            : new("PROD-07", title, Outcome.Failed, string.Join(" ", problems) + notes);
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
