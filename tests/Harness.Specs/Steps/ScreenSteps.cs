using System.Text.RegularExpressions;
using GraphSimulator.Tenants;
using Harness.Specs.Support;
using Harness.Testing.Waiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reqnroll;
using Xunit;
using Harness.Gherkin.Steps;

namespace Harness.Specs.Steps;

/// <summary>
/// The operator at work on the service's screens in a real browser (Debian's Chromium through Playwright):
/// signing in, the configuration screen, the auth screen with Entra ID's own pages, the diagnostics screen.
/// </summary>
[Binding]
public sealed partial class ScreenSteps(ScenarioWorld world, OperatorBrowser browser)
{
    /// <summary>
    /// Polls the page's address until it matches (PlaywrightException otherwise), not a navigation's load state: a
    /// redirect that completed before such a wait began was once missed for 30 s on a busy machine.
    /// </summary>
    private static Task AtAddressAsync(IPage page, Regex address) =>
        Microsoft.Playwright.Assertions.Expect(page).ToHaveURLAsync(address, new() { Timeout = (float)Eventually.DefaultTimeout.TotalMilliseconds });

    /// <summary>The screens in Debian's Chromium (Playwright): an operator is created, then signs in.</summary>
    [Given("the operator is signed in")]
    public async Task GivenSignedIn()
    {
        await CreateOperatorAsync();
        var page = await browser.OpenAsync("/signin");
        await page.FillAsync("#Name", OperatorBrowser.Name);
        await page.FillAsync("#Password", OperatorBrowser.Password);
        await page.ClickAsync("button[type=submit]");
        try
        {
            await AtAddressAsync(page, new Regex("/integrations$"));
        }
        catch (Microsoft.Playwright.PlaywrightException)
        {
            Assert.Fail($"Signing in did not lead to /integrations but to {page.Url}: {await page.InnerTextAsync("body")}");
        }
    }

    /// <summary>The screens in Debian's Chromium (Playwright): an operator is created, then signs in.</summary>
    [When("someone who is not signed in opens {string}")]
    public async Task WhenAnonymousOpens(string path)
    {
        await CreateOperatorAsync();
        await browser.OpenAsync(path);
    }

    /// <summary>The screens in Debian's Chromium (Playwright): an operator is created, then signs in.</summary>
    [Then("they see the sign-in page")]
    public async Task ThenSignInPage()
    {
        var page = await browser.PageAsync();
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
        Assert.Equal("Sign in", await page.InnerTextAsync("h1"));
    }

    /// <summary>The screens in Debian's Chromium (Playwright): an operator is created, then signs in.</summary>
    [When("someone signs in as the operator with a wrong password {int} times")]
    public async Task WhenWrongPasswords(int times)
    {
        await CreateOperatorAsync();
        var page = await browser.OpenAsync("/signin");
        for (var i = 0; i < times; i++)
        {
            await page.FillAsync("#Name", OperatorBrowser.Name);
            await page.FillAsync("#Password", "not-the-password");
            await page.ClickAsync("button[type=submit]");
        }
    }

    /// <summary>The screens in Debian's Chromium (Playwright): an operator is created, then signs in.</summary>
    [When("the operator signs in with the right password")]
    public async Task WhenRightPassword()
    {
        var page = await browser.OpenAsync("/signin");
        await page.FillAsync("#Name", OperatorBrowser.Name);
        await page.FillAsync("#Password", OperatorBrowser.Password);
        await page.ClickAsync("button[type=submit]");
    }

    /// <summary>The screens in Debian's Chromium (Playwright): an operator is created, then signs in.</summary>
    [Then("the sign-in page says {string}")]
    public async Task ThenSignInSays(string words) =>
        Assert.Contains(words, await (await browser.PageAsync()).InnerTextAsync("#problem"), StringComparison.Ordinal);

    /// <summary>The auth screen's fields as the operator types them; the mode by its letter (A or B).</summary>
    [When("the operator creates the integration {string} in mode {word} with the demo app's tenant ID, client ID and client secret")]
    public Task WhenCreated(string name, string mode) => CreateAsync(name, mode, DemoTenant.TenantId, DemoTenant.AppId, DemoTenant.ClientSecret);

    /// <summary>The new integration form with the demo app's client ID and secret but this tenant ID (e.g. a malformed one).</summary>
    [When("the operator creates the integration {string} in mode {word} with the tenant ID {string}")]
    public Task WhenCreatedWithTenant(string name, string mode, string tenantId) => CreateAsync(name, mode, tenantId, DemoTenant.AppId, DemoTenant.ClientSecret);

    /// <summary>The settings screen's mapping form.</summary>
    [When("the operator maps the room {string} to the new object {string}")]
    public async Task WhenMapped(string room, string objectName)
    {
        var page = await browser.OpenAsync($"/integrations/{world.IntegrationId}/settings");
        await page.FillAsync("#mailbox", ScenarioWorld.Mailbox(room));
        await page.SelectOptionAsync("#object", "0");
        await page.FillAsync("#object-name", objectName);
        await page.ClickAsync("#map");
        await RememberObjectAsync(objectName);
    }

    /// <summary>The settings screen's mapping form, choosing an object that exists already.</summary>
    [When("the operator maps the room {string} to the object {string}")]
    public async Task WhenMappedToExisting(string room, string objectName)
    {
        var page = await browser.OpenAsync($"/integrations/{world.IntegrationId}/settings");
        await page.FillAsync("#mailbox", ScenarioWorld.Mailbox(room));
        await page.SelectOptionAsync("#object", new SelectOptionValue { Label = objectName });
        await page.ClickAsync("#map");
    }

    /// <summary>The settings screen's mapping form.</summary>
    [When("the operator maps the service account's calendar to the new object {string}")]
    public async Task WhenMappedServiceAccount(string objectName)
    {
        var page = await browser.OpenAsync($"/integrations/{world.IntegrationId}/settings");
        await page.SelectOptionAsync("#object", "0");
        await page.FillAsync("#object-name", objectName);
        await page.ClickAsync("#map");
        await RememberObjectAsync(objectName);
    }

    /// <summary>Rows (each optional): created status (Confirmed | Pending), private title, sync window days, conflicts allowed (yes | no).</summary>
    [When("the operator sets the inbound behaviour:")]
    public async Task WhenInboundSet(Table fields)
    {
        var page = await browser.OpenAsync($"/integrations/{world.IntegrationId}/settings");
        foreach (var (field, value) in SettingsTable.Read(fields, "inbound fields", SettingsTable.InboundFields))
        {
            switch (field)
            {
                case "created status": await page.SelectOptionAsync("#created-status", value); break;
                case "private title": await page.FillAsync("#private-title", value); break;
                case "sync window days": await page.FillAsync("#sync-window", value); break;
                case "conflicts allowed": await page.SetCheckedAsync("#allow-conflicts", value == "yes"); break;
            }
        }

        await page.ClickAsync("#save-inbound");
    }

    /// <summary>The settings screen.</summary>
    [StepWaits(Waits.ServiceSettled)]
    [When("the operator activates the integration")]
    public async Task WhenActivated()
    {
        var page = await browser.OpenAsync($"/integrations/{world.IntegrationId}/settings");
        await page.ClickAsync("#activate");
        await page.WaitForSelectorAsync("#banner");
        if (world.ServiceNodes.Any(n => n.RunsWorkers))
        {
            await world.SettleServiceAsync();
        }
    }

    /// <summary>The settings screen.</summary>
    [When("the operator deactivates the integration")]
    public async Task WhenDeactivated()
    {
        var page = await browser.OpenAsync($"/integrations/{world.IntegrationId}/settings");
        await page.ClickAsync("#deactivate");
        await page.WaitForSelectorAsync("#banner");
    }

    /// <summary>What the operator reads.</summary>
    [Then("the screen says beside {string}: {string}")]
    public async Task ThenFieldError(string field, string words)
    {
        var page = await browser.PageAsync();
        var error = page.Locator($"#error-{field}");
        Assert.True(await error.CountAsync() == 1, $"No message beside {field} on {page.Url}.");
        Assert.Contains(words, await error.InnerTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>What the operator reads.</summary>
    [Then("the banner says {string}")]
    public async Task ThenBanner(string words)
    {
        var page = await browser.PageAsync();
        var banner = await page.WaitForSelectorAsync("#banner");
        Assert.Contains(words, await banner!.InnerTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>What the operator reads.</summary>
    [Then("the page shows no secret, only when it was set")]
    public async Task ThenNoSecret()
    {
        var page = await browser.OpenAsync($"/integrations/{world.IntegrationId}/settings");
        Assert.DoesNotContain(DemoTenant.ClientSecret, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.StartsWith("Set on ", await page.InnerTextAsync("#secret-state"), StringComparison.Ordinal);
    }

    /// <summary>Step 1 on the auth screen, then on Entra ID's consent page (the simulator's), accepted or declined as the administrator.</summary>
    [StepWaits(Waits.SignInRedirect)]
    [When("the operator grants admin consent \\(Step 1)")]
    [When("the operator grants consent \\(Step 1)")]
    public Task WhenConsent() => RunStepAsync("#grant-consent", "accept", account: null);

    /// <summary>The auth screen and Entra ID's own pages.</summary>
    [StepWaits(Waits.SignInRedirect)]
    [When("the administrator declines consent \\(Step 1)")]
    public Task WhenConsentDeclined() => RunStepAsync("#grant-consent", "decline", account: null);

    /// <summary>The auth screen and Entra ID's own pages.</summary>
    [StepWaits(Waits.SignInRedirect)]
    [When("the operator connects the service account {string} \\(Step 2)")]
    public Task WhenConnected(string account) => RunStepAsync("#connect", "accept", account);

    /// <summary>Opens the integration's auth screen in the operator's browser.</summary>
    [When("the operator opens the auth screen")]
    public Task WhenAuthScreen() => browser.OpenAsync($"/integrations/{world.IntegrationId}/auth");

    /// <summary>The auth screen and Entra ID's own pages.</summary>
    [Then("the auth screen shows Step {int} done, saying {string}")]
    public async Task ThenStepDone(int step, string words) => await AssertStepAsync(step, "done", words);

    /// <summary>The step's state on the auth screen is failed and contains these words (Entra ID's refusal with its fix).</summary>
    [Then("the auth screen shows Step {int} failed, saying {string}")]
    public async Task ThenStepFailed(int step, string words) => await AssertStepAsync(step, "failed", words);

    /// <summary>The auth screen and Entra ID's own pages.</summary>
    [Then("the auth screen warns {string}")]
    public async Task ThenAuthWarns(string words)
    {
        var page = await browser.OpenAsync($"/integrations/{world.IntegrationId}/auth");
        Assert.True(await page.Locator("#entra-check").CountAsync() == 1, $"The auth screen gives no warning: {await page.InnerTextAsync("main")}");
        Assert.Contains(words, await page.InnerTextAsync("#entra-check"), StringComparison.Ordinal);
    }

    /// <summary>The auth screen and Entra ID's own pages.</summary>
    [Then("the auth screen shows the redirect URI to register, with a copy button")]
    public async Task ThenRedirectUriShown()
    {
        var page = await browser.OpenAsync($"/integrations/{world.IntegrationId}/auth");
        Assert.Equal(new Uri(world.Service.PublicBaseUrl, $"integrations/redirect/{world.IntegrationId}").ToString(), (await page.InnerTextAsync("#redirect-uri")).Trim());
        Assert.Equal(1, await page.Locator("button[data-copy=redirect-uri]").CountAsync());
    }

    /// <summary>The diagnostics screen, reloaded until it shows what is expected (15 s at most).</summary>
    [Then("the diagnostics screen shows {string} as synced")]
    public Task ThenSynced(string mailbox) =>
        UntilScreenShowsAsync("/diagnostics", $"tr[data-mailbox=\"{Address(mailbox)}\"]", $"{mailbox} synced", rows =>
            rows.Any(r => r.TrimEnd().EndsWith("synced", StringComparison.Ordinal) && !r.Contains("never", StringComparison.Ordinal)));

    /// <summary>The calendar's row on the diagnostics screen shows a problem containing these words (does not wait: use it after activation, which settles).</summary>
    [Then("the diagnostics screen shows {string} with the problem {string}")]
    public async Task ThenCalendarProblem(string mailbox, string words)
    {
        var row = await CalendarRowAsync(mailbox);
        Assert.Contains(words, await row.Locator(".problem").InnerTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>The integration's activation line on the diagnostics screen (how many calendars are subscribed); reloads until it says this.</summary>
    [Then("the diagnostics screen says of the integration's activation: {string}")]
    public Task ThenActivationShown(string message) =>
        UntilScreenShowsAsync("/diagnostics", $"#activation-{world.IntegrationId}", message, lines => lines.Any(l => l.Trim() == message));

    /// <summary>The webhook log on the diagnostics screen lists a validation handshake with this result (`echoed`); reloads until it does.</summary>
    [Then("the diagnostics screen shows a validation handshake {string}")]
    public Task ThenHandshake(string outcome) =>
        UntilScreenShowsAsync("/diagnostics", "#validations tr", $"a validation handshake {outcome}", rows => rows.Any(r => r.Contains(outcome, StringComparison.Ordinal)));

    /// <summary>The webhook log on the diagnostics screen lists a notification with this outcome (`queued`, `rejected as spoofed`, `ignored`); reloads until it does.</summary>
    [Then("the diagnostics screen shows a notification {string}")]
    public Task ThenNotification(string outcome) =>
        UntilScreenShowsAsync("/diagnostics", "#notifications tr", $"a notification {outcome}", rows => rows.Any(r => r.Contains(outcome, StringComparison.Ordinal)));

    /// <summary>The diagnostics screen's bookings list one with this status, object and times (tomorrow, UTC); reloads until it does.</summary>
    [Then("the diagnostics screen lists a {word} booking of {string} from {string} to {string}")]
    public Task ThenBookingListed(string status, string objectName, string from, string to)
    {
        var when = $"{world.Tomorrow(from):yyyy-MM-dd HH:mm}–{world.Tomorrow(to):HH:mm}";
        return UntilScreenShowsAsync("/diagnostics", "#bookings tr", $"a {status} booking of {objectName} at {when}", rows =>
            rows.Any(r => r.Contains(objectName, StringComparison.Ordinal) && r.Contains(when, StringComparison.Ordinal) && r.Contains(status, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>What the operator reads.</summary>
    [Then("no integration exists")]
    public async Task ThenNoIntegration()
    {
        using var admin = world.Service.CreateAdminClient();
        var list = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(admin, "api/admin/integrations");
        Assert.Equal(0, list.GetArrayLength());
    }

    /// <summary>The diagnostics screen, reloaded until it shows what is expected (15 s at most).</summary>
    [When("the operator runs the readiness check on the diagnostics screen")]
    public async Task WhenReadinessOnScreen()
    {
        var page = await browser.OpenAsync("/diagnostics");
        await page.ClickAsync($"#readiness-{world.IntegrationId}");
        await page.WaitForSelectorAsync("#readiness");
    }

    /// <summary>The diagnostics screen, reloaded until it shows what is expected (15 s at most).</summary>
    [Then("the diagnostics screen shows the readiness item {string} as {string}, saying {string}")]
    public async Task ThenReadinessItem(string item, string outcome, string words)
    {
        var page = await browser.PageAsync();
        var row = page.Locator("#readiness tr", new() { Has = page.Locator("td", new() { HasTextRegex = new Regex($"^{Regex.Escape(item)}$") }) });
        var text = await row.InnerTextAsync();
        Assert.Contains(outcome, text, StringComparison.Ordinal);
        Assert.Contains(words, text, StringComparison.Ordinal);
    }

    /// <summary>A full-page screenshot in `artifacts/screens/settings.png`.</summary>
    [Then("the operator's screen is kept as {string}")]
    public Task ThenKept(string name) => browser.KeepScreenAsync(name);

    /// <summary>A forged post.</summary>
    [When("a form of the screens is posted without its antiforgery token")]
    public async Task WhenForged()
    {
        var page = await browser.PageAsync();
        var answer = await page.APIRequest.PostAsync(new Uri(world.Service.BaseAddress, $"integrations/{world.IntegrationId}/settings?handler=Inbound").ToString(), new()
        {
            Form = page.APIRequest.CreateFormData().Set("Inbound.PrivateTitle", "Forged"),
        });
        world.LastStatus = answer.Status;
    }

    /// <summary>A forged post.</summary>
    [Then("the service answers {int} and nothing changed")]
    public async Task ThenRefusedUnchanged(int status)
    {
        Assert.Equal(status, world.LastStatus);
        var page = await browser.OpenAsync($"/integrations/{world.IntegrationId}/settings");
        Assert.NotEqual("Forged", await page.InputValueAsync("#private-title"));
    }

    private async Task RunStepAsync(string button, string decision, string? account)
    {
        var page = await browser.OpenAsync($"/integrations/{world.IntegrationId}/auth");
        await page.ClickAsync(button);

        // Entra ID's own page (the simulator's): pick the account where asked, then accept or cancel.
        await page.WaitForSelectorAsync("button[value=accept]");
        if (account is not null)
        {
            await page.SelectOptionAsync("select[name=user]", new SelectOptionValue { Label = ScenarioWorld.Mailbox(account) });
        }

        await page.ClickAsync($"button[value={decision}]");
        await AtAddressAsync(page, new Regex($"/integrations/{world.IntegrationId}/auth"));
        if (world.ServiceNodes.Any(n => n.RunsWorkers))
        {
            await world.SettleServiceAsync();
        }
    }

    private async Task AssertStepAsync(int step, string state, string words)
    {
        var page = await browser.PageAsync();
        if (!page.Url.Contains($"/integrations/{world.IntegrationId}/auth", StringComparison.Ordinal))
        {
            page = await browser.OpenAsync($"/integrations/{world.IntegrationId}/auth");
        }

        var cell = page.Locator($"#step-{step}-state");
        var text = await cell.InnerTextAsync();
        Assert.True((await cell.GetAttributeAsync("class"))?.Contains(state, StringComparison.Ordinal) == true, $"Step {step} is not {state}: {text}");
        Assert.Contains(words, text, StringComparison.Ordinal);
    }

    private async Task<ILocator> CalendarRowAsync(string mailbox)
    {
        var page = await browser.OpenAsync("/diagnostics");
        var row = page.Locator($"tr[data-mailbox=\"{Address(mailbox)}\"]");
        Assert.True(await row.CountAsync() == 1, $"The diagnostics screen has no calendar {Address(mailbox)}: {await page.InnerTextAsync("main")}");
        return row;
    }

    private static string Address(string mailbox) => mailbox == "me" ? "me" : ScenarioWorld.Mailbox(mailbox);

    /// <summary>What the service does after a change is asynchronous: reload the screen (as an operator would) until it shows it.</summary>
    private async Task UntilScreenShowsAsync(string path, string rowsSelector, string what, Func<IReadOnlyList<string>, bool> shows)
    {
        IReadOnlyList<string> rows = [];
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    var page = await browser.OpenAsync(path);
                    rows = await page.Locator(rowsSelector).AllInnerTextsAsync();
                    return shows(rows) ? rows : null;
                },
                what);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{path} does not show {what}:\n{string.Join("\n", rows)}");
        }
    }

    private async Task CreateAsync(string name, string mode, string tenantId, string clientId, string secret)
    {
        await world.TenantAsync();
        var page = await browser.OpenAsync("/integrations/new");
        await page.FillAsync("#name", name);
        await page.CheckAsync($"input[name='Fields.Mode'][value={(mode == "A" ? "Delegated" : "Application")}]");
        await page.FillAsync("#tenant", tenantId);
        await page.FillAsync("#client", clientId);
        await page.FillAsync("#secret", secret);
        await page.FillAsync("#email", "facilities@contoso.example");
        await page.ClickAsync("#save");
        if (IntegrationIdIn().Match(page.Url) is { Success: true } created)
        {
            world.IntegrationId = int.Parse(created.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private async Task RememberObjectAsync(string objectName)
    {
        await using var scope = world.Service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutlookSync.Storage.SyncDbContext>();
        if (db.Objects.FirstOrDefault(o => o.Name == objectName) is { } created)
        {
            world.Objects[objectName] = created.Id;
        }
    }

    private async Task CreateOperatorAsync()
    {
        await using var scope = world.Service.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OutlookSync.Operators.OperatorAccounts>().SetAsync(OperatorBrowser.Name, OperatorBrowser.Password, CancellationToken.None);
    }

    [GeneratedRegex(@"/integrations/(\d+)/settings")]
    private static partial Regex IntegrationIdIn();
}
