using System.Net.Http.Json;
using System.Text.Json;
using GraphSimulator.Tenants;
using Harness.Specs.Support;
using Reqnroll;
using Xunit;

namespace Harness.Specs.Steps;

/// <summary>
/// The setup steps of the guide as the administrator and the operator walk them: an app registration made
/// in the portal (single- or multi-tenant, a secret, permissions, consent, an access policy), its IDs recorded
/// in the integration (rightly or wrongly), the redirect URI registered or not, Step 1 opened in a browser.
/// </summary>
[Binding]
public sealed class AppRegistrationSteps(ScenarioWorld world, IntegrationSteps integrations)
{
    private const string AnotherTenantDomain = "fabrikam-other.onmicrosoft.com";

    /// <summary>
    /// Rows (each optional): accounts (this directory only | any organization), client secret (yes | no),
    /// permissions ("application Calendars.ReadWrite, Place.Read.All" or "delegated Calendars.ReadWrite"),
    /// admin consent (granted | not granted), access policy (the group's mail, or none).
    /// </summary>
    [Given("the administrator registered the app {string} in the demo tenant:")]
    public async Task GivenAppInDemoTenant(string name, Table setup)
    {
        await world.TenantAsync();
        await RegisterAsync(DemoTenant.TenantId, name, setup);
    }

    /// <summary>The same as registering it in the demo tenant (same table), but in a second tenant of the simulator: its client ID is unknown to the demo tenant.</summary>
    [Given("the administrator registered the app {string} in another tenant:")]
    public async Task GivenAppInAnotherTenant(string name, Table setup)
    {
        await world.TenantAsync();
        var other = await world.Simulator.SeedAsync(new TenantSeed(null, AnotherTenantDomain, "Another organization", [], [], [], [], []));
        await RegisterAsync(other.Id, name, setup);
    }

    /// <summary>The auth screen's fields, right or wrong.</summary>
    [Given("integration mode {word} records that app's tenant ID, client ID and client secret")]
    public Task GivenRecorded(string mode) => RecordAsync(mode, App.TenantId, App.SecretValue!);

    /// <summary>The auth fields filled in with the secret's ID (what the portal lists) where its value belongs: sign-in fails with AADSTS7000215.</summary>
    [Given("integration mode {word} records that app's IDs, but the client secret's ID instead of its value")]
    public Task GivenSecretIdRecorded(string mode) => RecordAsync(mode, App.TenantId, App.SecretKeyId!);

    /// <summary>The auth fields with a well-formed tenant ID of no tenant: sign-in fails with AADSTS90002.</summary>
    [Given("integration mode {word} records that app's client ID and client secret, with the ID of a tenant that does not exist")]
    public Task GivenUnknownTenantRecorded(string mode) => RecordAsync(mode, "00000000-0000-4000-8000-00000000dead", App.SecretValue!);

    /// <summary>The auth fields of an app registered in another tenant, with the demo tenant's ID: sign-in fails with AADSTS700016.</summary>
    [Given("integration mode {word} records that app's client ID and client secret, with the demo tenant's ID")]
    public Task GivenDemoTenantRecorded(string mode) => RecordAsync(mode, DemoTenant.TenantId, App.SecretValue!);

    /// <summary>STEP-1: the redirect URI the auth screen shows, added to the app registration (Authentication, Web).</summary>
    [Given("the administrator adds the integration's redirect URI to the app registration")]
    [When("the administrator adds the integration's redirect URI to the app registration")]
    public Task GivenRedirectUriRegistered() => integrations.RegisterRedirectUriAsync(world.App?.AppId ?? DemoTenant.AppId);

    /// <summary>The app's Authentication blade.</summary>
    [Given("the app registration lists only the redirect URI {string}")]
    public Task GivenOtherRedirectUri(string uri) => world.Administrator.SetRedirectUrisAsync(App.AppId, uri);

    /// <summary>Bad input on the auth screen's fields.</summary>
    [When("the operator records the tenant ID {string} for a new integration")]
    public async Task WhenTenantIdRecorded(string tenantId)
    {
        using var admin = world.Service.CreateAdminClient();
        world.LastPage = await admin.PostAsJsonAsync("api/admin/integrations", new
        {
            name = "Rooms", mode = "Application", tenantId, clientId = DemoTenant.AppId, clientSecret = DemoTenant.ClientSecret,
        });
    }

    /// <summary>Bad input on the auth screen's fields.</summary>
    [Then("the service refuses it, naming the field {string}")]
    public async Task ThenRefusedNaming(string field)
    {
        var answer = world.LastPage!;
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True((int)answer.StatusCode == 400, $"Expected 400, got {(int)answer.StatusCode}: {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"The refusal does not name {field}: {body}");
        using var admin = world.Service.CreateAdminClient();
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("api/admin/integrations")).EnumerateArray());
    }

    /// <summary>Step 1 as the administrator does it: the consent link from the auth screen, opened in a browser.</summary>
    [When("the administrator opens the integration's consent link \\(Step 1)")]
    public async Task WhenConsentLinkOpened()
    {
        var consent = await world.Service.AdminPostAsync<JsonElement>($"api/admin/integrations/{world.IntegrationId}/consent", new { });
        using var browser = world.Simulator.CreateHttpClient();
        world.LastPage = await browser.GetAsync(new Uri(consent.GetProperty("url").GetString()!));
    }

    /// <summary>Step 1 in a browser, refused by Entra ID.</summary>
    [Then("Entra ID refuses with {string}, naming the integration's redirect URI")]
    public async Task ThenEntraRefuses(string code)
    {
        var page = await world.LastPage!.Content.ReadAsStringAsync();
        var redirectUri = new Uri(world.Service.PublicBaseUrl, $"integrations/redirect/{world.IntegrationId}").ToString();
        Assert.True(page.Contains(code, StringComparison.Ordinal) && page.Contains(redirectUri, StringComparison.Ordinal), $"Expected {code} naming {redirectUri}; Entra ID answered {(int)world.LastPage.StatusCode}: {page}");
    }

    private RegisteredApp App => world.App ?? throw new InvalidOperationException("No app was registered in this scenario: start with 'Given the administrator registered the app ... in the demo tenant:'.");

    private async Task RecordAsync(string mode, string tenantId, string secret) =>
        await integrations.CreateIntegrationAsync($"{App.AppId} ({mode})", mode == "A" ? "Delegated" : mode == "B" ? "Application" : throw new ArgumentException("Mode is A or B."),
            App.AppId, "facilities@contoso.example", tenantId, secret);

    private async Task RegisterAsync(string tenantId, string name, Table setup)
    {
        var rows = SettingsTable.Read(setup, "app registration settings", "accounts", "client secret", "permissions", "admin consent", "access policy")
            .ToDictionary(r => r.Field, r => r.Value, StringComparer.Ordinal);
        var administrator = world.Administrator;
        var appId = await administrator.RegisterAppAsync(tenantId, name, rows.GetValueOrDefault("accounts") == "any organization");
        var (keyId, value) = rows.GetValueOrDefault("client secret", "yes") == "yes" ? await administrator.AddSecretAsync(appId) : ((string?)null, (string?)null);
        var permissions = rows.GetValueOrDefault("permissions", "application Calendars.ReadWrite, Place.Read.All");
        var kind = permissions.Split(' ', 2)[0];
        var names = permissions.Split(' ', 2).ElementAtOrDefault(1)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
        await administrator.SetPermissionsAsync(appId, kind == "delegated" ? names : [], kind == "application" ? names : []);
        if (rows.GetValueOrDefault("admin consent", "granted") == "granted")
        {
            await administrator.GrantAdminConsentAsync(tenantId, appId);
        }

        if (rows.GetValueOrDefault("access policy", "none") is var group && group != "none")
        {
            await administrator.RestrictToGroupAsync(tenantId, appId, group.Contains('@') ? group : $"{group}@{DemoTenant.Domain}");
        }

        world.App = new RegisteredApp(tenantId, appId, keyId, value);
    }
}
