using System.Net.Http.Json;
using System.Text.Json;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Harness.Specs.Support;
using Microsoft.Graph.Models;
using Reqnroll;
using Xunit;
using Harness.Gherkin.Steps;

namespace Harness.Specs.Steps;

/// <summary>Setting up integrations through the service's admin API, as an operator would.</summary>
[Binding]
public sealed class IntegrationSteps(ScenarioWorld world)
{
    /// <summary>Admin API: object, integration with the demo app, mapping.</summary>
    [Given("integration mode B syncs the room {string} to the object {string}")]
    public async Task GivenModeB(string room, string objectName)
    {
        await world.TenantAsync();
        await CreateIntegrationAsync("Rooms (mode B)", "Application", DemoTenant.AppId, "facilities@contoso.example");
        await MapAsync(room, objectName);
    }

    /// <summary>Admin API + Step 2 on the consent page, through the service's redirect.</summary>
    [Given("integration mode A connects the service account {string} for the object {string}")]
    public async Task GivenModeAConnected(string account, string objectName)
    {
        await ModeAAsync(account, objectName, DemoTenant.AppId);
        await ThenTheRedirectPageSays($"Connected as {ScenarioWorld.Mailbox(account)} (Step 2).");
    }

    /// <summary>The same with the second app.</summary>
    [Given("integration mode A with an app lacking delegated Calendars.ReadWrite tries to connect the service account {string} for the object {string}")]
    public Task GivenModeAWithoutPermission(string account, string objectName) => ModeAAsync(account, objectName, DemoTenant.AppWithoutDelegatedCalendarsId);

    /// <summary>Admin API view.</summary>
    [Then("the integration shows it is connected as {string}")]
    public async Task ThenConnectedAs(string account)
    {
        var integration = await IntegrationAsync();
        Assert.Equal(ScenarioWorld.Mailbox(account), integration.GetProperty("connectedUser").GetString());
        Assert.True(integration.GetProperty("consentGranted").GetBoolean());
    }

    /// <summary>Admin API view.</summary>
    [Then("the integration shows the sign-in problem {string}")]
    public async Task ThenSignInProblem(string expected)
    {
        var integration = await IntegrationAsync();
        Assert.Contains(expected, integration.GetProperty("authProblem").GetString());
        Assert.Equal(JsonValueKind.Null, integration.GetProperty("connectedUser").ValueKind);
    }

    /// <summary>The same with the demo's second app (no permission, no consent).</summary>
    [Given("integration mode B uses the app without application permissions for the room {string} and the object {string}")]
    public async Task GivenModeBWithoutPermission(string room, string objectName)
    {
        await world.TenantAsync();
        await CreateIntegrationAsync("Rooms (mode B, no permission)", "Application", DemoTenant.AppWithoutDelegatedCalendarsId, problemEmail: null);
        await MapAsync(room, objectName);
    }

    /// <summary>Inbound behaviour fields.</summary>
    [Given("the integration creates bookings as {string} and titles private items {string}")]
    public async Task GivenInbound(string status, string privateTitle)
    {
        using var admin = world.Service.CreateAdminClient();
        (await admin.PutAsJsonAsync($"api/admin/integrations/{world.IntegrationId}/inbound", new { createdStatus = status, privateTitle })).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The inbound behaviour fields through the admin API; rows, each optional: `created status` Confirmed / Pending,
    /// `private title`, `sync window days` (1..365), `conflicts allowed` yes / no. Applies from the next sync.
    /// </summary>
    [Given("the integration's inbound behaviour is:")]
    [When("the integration's inbound behaviour becomes:")]
    public async Task GivenInboundFields(Table fields)
    {
        string? createdStatus = null, privateTitle = null;
        int? syncWindowDays = null;
        bool? allowConflicts = null;
        foreach (var (field, value) in SettingsTable.Read(fields, "inbound fields", SettingsTable.InboundFields))
        {
            switch (field)
            {
                case "created status": createdStatus = value; break;
                case "private title": privateTitle = value; break;
                case "sync window days": syncWindowDays = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                case "conflicts allowed": allowConflicts = value == "yes"; break;
            }
        }

        using var admin = world.Service.CreateAdminClient();
        (await admin.PutAsJsonAsync($"api/admin/integrations/{world.IntegrationId}/inbound", new { createdStatus, privateTitle, syncWindowDays, allowConflicts })).EnsureSuccessStatusCode();
    }

    /// <summary>Admin API: object, integration with the demo app, mapping.</summary>
    [Given("the integration also syncs the room {string} to the object {string}")]
    public Task GivenAnotherRoom(string room, string objectName) => MapAsync(room, objectName);

    /// <summary>Admin API.</summary>
    [StepWaits(Waits.ServiceSettled)]
    [Given("the integration is active")]
    [When("the integration is activated")]
    public async Task WhenActivated()
    {
        world.Activation = await world.Service.AdminPostAsync<JsonElement>($"api/admin/integrations/{world.IntegrationId}/activate", new { });
        if (world.ServiceNodes.Any(n => n.RunsWorkers))
        {
            // Activation queues a first sync per calendar; let it finish so later steps start from a synced state.
            await world.SettleServiceAsync();
        }
        if (world.Activation.Value.GetProperty("calendars").EnumerateArray().FirstOrDefault().GetProperty("subscriptionId").GetString() is { } id)
        {
            world.Subscription = new Subscription { Id = id };
        }
    }

    /// <summary>Admin API.</summary>
    [Given("the integration is deactivated")]
    [When("the integration is deactivated")]
    public Task WhenDeactivated() => DeactivateOnAsync(world.Service);

    /// <summary>
    /// Admin API of a second web node on the same database and broker. The first node, which Graph's notifications
    /// reach, learns of it only from the database (its webhook remembers the subscriptions it let through for up to 30 s).
    /// </summary>
    [When("the integration is deactivated on a second web node")]
    public async Task WhenDeactivatedOnASecondWebNode()
    {
        await DeactivateOnAsync(await world.StartServiceNodeAsync((await world.BrokerAsync()).AmqpUrl, "web"));
    }

    private async Task DeactivateOnAsync(SyncServiceApp node) =>
        world.Activation = await node.AdminPostAsync<JsonElement>($"api/admin/integrations/{world.IntegrationId}/deactivate", new { });

    /// <summary>Activation outcome.</summary>
    [Then("every synced calendar has a subscription at Graph")]
    public async Task ThenEveryCalendarHasASubscription()
    {
        // The calendars as the service has them now (an activation in the background answered before subscribing).
        var calendars = (await world.StatusAsync()).GetProperty("calendars").EnumerateArray()
            .Where(c => c.GetProperty("integrationId").GetInt32() == world.IntegrationId).ToList();
        var atGraph = (await (await world.AppGraphAsync()).Subscriptions.GetAsync())!.Value!;
        Assert.All(calendars, c =>
        {
            Assert.True(c.GetProperty("problem").ValueKind == JsonValueKind.Null, c.GetProperty("problem").ToString());
            var mailbox = c.GetProperty("mailbox").GetString();
            Assert.Contains(atGraph, s => s.Id == c.GetProperty("subscriptionId").GetString() && s.Resource == (mailbox == "me" ? "me/events" : $"users/{mailbox}/events"));
        });
        Assert.Equal(calendars.Count, atGraph.Count);
    }

    /// <summary>Activation outcome.</summary>
    [Then("the calendar {string} shows the problem {string}")]
    public async Task ThenTheCalendarShowsTheProblem(string room, string problem)
    {
        var mapping = await MappingAsync(room);
        Assert.Equal(problem, mapping.GetProperty("problem").GetString());
        Assert.Empty(mapping.GetProperty("subscriptions").EnumerateArray());
    }

    /// <summary>The calendar's problem (admin API) contains these words; polls until it does.</summary>
    [Then("the calendar {string} shows a problem saying {string}")]
    public async Task ThenTheCalendarShowsAProblemSaying(string room, string words)
    {
        var mapping = await MappingAsync(room);
        var problem = mapping.GetProperty("problem").GetString();
        Assert.True(problem?.Contains(words, StringComparison.Ordinal) == true, $"The calendar {room} shows the problem \"{problem}\", not one saying \"{words}\".");
        Assert.Empty(mapping.GetProperty("subscriptions").EnumerateArray());
    }

    /// <summary>A failed renewal leaves the subscription in place: it still works until it expires.</summary>
    [Then("the calendar {string} keeps its subscription but shows the problem {string}")]
    public async Task ThenTheCalendarKeepsItsSubscriptionButShowsTheProblem(string room, string problem)
    {
        var mapping = await MappingAsync(room);
        Assert.Equal(problem, mapping.GetProperty("problem").GetString());
        var subscription = Assert.Single(mapping.GetProperty("subscriptions").EnumerateArray());
        Assert.True(subscription.GetProperty("expiresAt").GetDateTimeOffset() > world.Clock.GetUtcNow(), $"the subscription expired at {subscription.GetProperty("expiresAt")}");
    }

    /// <summary>A renewal failed (subscription kept) / all well again.</summary>
    [Then("the calendar {string} has no problem")]
    public async Task ThenNoProblem(string room)
    {
        var problem = (await MappingAsync(room)).GetProperty("problem");
        Assert.True(problem.ValueKind == JsonValueKind.Null, $"{room} shows the problem: {problem}");
    }

    /// <summary>The scenario's SMTP server (a real one on loopback) received it (the count: no repeats).</summary>
    [Then("an e-mail to {string} says {string} cannot sync: {string}")]
    public Task ThenAnEmail(string to, string room, string reason) =>
        Harness.Testing.Waiting.Eventually.UntilMatchesAsync(
            () => Task.FromResult(ProblemMails(to, room).Any(m => (m.TextBody ?? "").Contains(reason, StringComparison.Ordinal))
                ? null
                : world.Mail!.Messages.IsEmpty ? "no e-mail at all"
                : string.Join(" | ", world.Mail.Messages.Select(m => $"to {string.Join(", ", m.To.Mailboxes.Select(a => a.Address))}: {m.Subject}: {m.TextBody?.Trim()}"))),
            $"an e-mail to {to} saying {room} cannot sync: {reason}");

    /// <summary>The same problem is e-mailed once, however often the cron retries meanwhile.</summary>
    [Then("{int} e-mail(s) to {string} say(s) {string} cannot sync")]
    public void ThenEmailCount(int count, string to, string room) =>
        Assert.Equal(count, ProblemMails(to, room).Count());

    private IEnumerable<MimeKit.MimeMessage> ProblemMails(string to, string room) =>
        world.Mail!.Messages.Where(m => m.To.Mailboxes.Any(a => a.Address == to)
            && (m.Subject ?? "").Contains($"{MappedMailbox(room)} cannot sync", StringComparison.Ordinal));

    private static string MappedMailbox(string room) => room == "me" ? "me" : ScenarioWorld.Mailbox(room);

    private async Task<JsonElement> MappingAsync(string room) =>
        (await IntegrationAsync()).GetProperty("mappings").EnumerateArray().Single(m => m.GetProperty("mailbox").GetString() == MappedMailbox(room));

    /// <summary>Admin API view.</summary>
    [Then("the integration shows no secret")]
    public async Task ThenNoSecret()
    {
        using var admin = world.Service.CreateAdminClient();
        var body = await admin.GetStringAsync($"api/admin/integrations/{world.IntegrationId}");
        Assert.DoesNotContain(DemoTenant.ClientSecret, body);
        Assert.Contains("\"hasClientSecret\":true", body);
    }

    private async Task<JsonElement> IntegrationAsync()
    {
        using var admin = world.Service.CreateAdminClient();
        return await admin.GetFromJsonAsync<JsonElement>($"api/admin/integrations/{world.IntegrationId}");
    }

    /// <summary>
    /// A mode A integration set up as the guide says: the administrator registers the integration's redirect
    /// URI on the app registration (STEP-1), then Step 2 as a person would: sign-in page, consent, redirect back.
    /// </summary>
    private async Task ModeAAsync(string account, string objectName, string appId)
    {
        await CreateIntegrationAsync("Service account (mode A)", "Delegated", appId, "facilities@contoso.example");
        await MapAsync("me", objectName);
        await RegisterRedirectUriAsync(appId);
        await ConnectAsync(account);
    }

    /// <summary>STEP-1: the administrator adds the integration's redirect URI (shown on the auth screen) to the app registration.</summary>
    public async Task RegisterRedirectUriAsync(string appId)
    {
        await world.TenantAsync();
        var tenant = world.App?.TenantId ?? DemoTenant.TenantId;
        await world.Administrator.AddRedirectUriAsync(tenant, appId, new Uri(world.Service.PublicBaseUrl, $"integrations/redirect/{world.IntegrationId}").ToString());
    }

    /// <summary>Step 2 (connect): the sign-in page as the account, consent, and the redirect back to the service, whose page is kept.</summary>
    [When("the service account {string} connects again")]
    [When("the account {string} connects as the service account \\(Step 2)")]
    public async Task ConnectAsync(string account)
    {
        var connect = await world.Service.AdminPostAsync<JsonElement>($"api/admin/integrations/{world.IntegrationId}/connect", new { });
        await FollowSignInAsync(new Uri(connect.GetProperty("url").GetString()!), account);
    }

    /// <summary>Step 1 of mode A: an administrator consents through the integration's consent link.</summary>
    [When("the administrator {string} grants consent through the integration's Step 1")]
    public async Task WhenAdministratorConsents(string administrator)
    {
        var consent = await world.Service.AdminPostAsync<JsonElement>($"api/admin/integrations/{world.IntegrationId}/consent", new { });
        await FollowSignInAsync(new Uri(consent.GetProperty("url").GetString()!), administrator);
    }

    /// <summary>Steps 1 and 2 through the service's redirect.</summary>
    [Then("the service's redirect page says {string}")]
    public async Task ThenTheRedirectPageSays(string words)
    {
        var page = world.LastPage ?? throw new InvalidOperationException("No redirect page was received in this scenario.");
        var text = await page.Content.ReadAsStringAsync();
        Assert.True(text.Contains(System.Net.WebUtility.HtmlEncode(words), StringComparison.Ordinal), $"The redirect page ({(int)page.StatusCode}) does not say \"{words}\":\n{text}");
    }

    private async Task FollowSignInAsync(Uri signInUrl, string account)
    {
        var tenant = await world.TenantAsync();
        var redirect = await ConsentPage.AcceptAsync(world.Simulator, signInUrl, tenant.Tenant.User(account).Id);
        using var browser = new HttpClient();
        world.LastPage = await browser.GetAsync(redirect);
    }

    /// <summary>The auth screen's fields, through the admin API (the demo tenant and its app unless said otherwise).</summary>
    public async Task CreateIntegrationAsync(string name, string mode, string clientId, string? problemEmail, string tenantId = DemoTenant.TenantId, string clientSecret = DemoTenant.ClientSecret)
    {
        var integration = await world.Service.AdminPostAsync<JsonElement>("api/admin/integrations", new
        {
            name,
            mode,
            tenantId,
            clientId,
            clientSecret,
            problemEmail,
        });
        world.IntegrationId = integration.GetProperty("id").GetInt32();
    }

    /// <summary>A mapping.</summary>
    [Given("the integration syncs the room {string} to the object {string}")]
    public Task GivenTheIntegrationSyncs(string room, string objectName) => MapAsync(room, objectName);

    /// <summary>A mapping.</summary>
    [Given("the integration syncs the service account's calendar to the object {string}")]
    public Task GivenTheIntegrationSyncsTheServiceAccount(string objectName) => MapAsync("me", objectName);

    public async Task MapAsync(string room, string objectName)
    {
        var created = await world.Service.AdminPostAsync<JsonElement>("api/admin/objects", new { name = objectName });
        world.Objects[objectName] = created.GetProperty("id").GetInt32();
        world.RoomObjects[room == "me" ? "me" : ScenarioWorld.Mailbox(room)] = world.Objects[objectName];
        await world.Service.AdminPostAsync<JsonElement>($"api/admin/integrations/{world.IntegrationId}/mappings", new { mailbox = room == "me" ? "me" : ScenarioWorld.Mailbox(room), objectId = world.Objects[objectName] });
    }
}
