using System.Text.Json;
using GraphSimulator.Tenants;
using Harness.Specs.Support;
using Reqnroll;

namespace Harness.Specs.Steps;

/// <summary>The tenant's administrator in the Entra portal (through the simulator's control API), and the operator's fix.</summary>
[Binding]
public sealed class AdministratorSteps(ScenarioWorld world)
{
    /// <summary>The administrator in Entra ID (simulator control API).</summary>
    [When("the tenant's administrator revokes the app's consent")]
    [Given("the app has no admin consent in the tenant yet")]
    public Task WhenConsentRevoked() => world.Administrator.RevokeConsentAsync(App.TenantId, App.AppId);

    /// <summary>The administrator in Entra ID (simulator control API).</summary>
    [When("the tenant's administrator grants admin consent again")]
    [Given("the tenant's administrator grants admin consent")]
    public Task WhenConsentGranted() => world.Administrator.GrantAdminConsentAsync(App.TenantId, App.AppId);

    /// <summary>The app the scenario registered, else the demo tenant's own.</summary>
    private (string TenantId, string AppId) App => (world.App?.TenantId ?? DemoTenant.TenantId, world.App?.AppId ?? DemoTenant.AppId);

    /// <summary>Remove-ApplicationAccessPolicy (simulator control API).</summary>
    [Given("the tenant's administrator removed the app's ApplicationAccessPolicy")]
    public Task GivenPolicyRemoved() => world.Administrator.RemoveAccessPoliciesAsync(DemoTenant.TenantId, DemoTenant.AppId);

    /// <summary>The administrator (simulator control API) for the scenario's app (or the demo app).</summary>
    [Given("the room mailbox {string} is deleted in the tenant")]
    [When("the room mailbox {string} is deleted in the tenant")]
    public Task WhenMailboxDeleted(string room) => world.Administrator.DeleteUserAsync(App.TenantId, ScenarioWorld.Mailbox(room));

    /// <summary>The administrator in Entra ID (simulator control API).</summary>
    [When("the app's client secret expires")]
    public Task WhenSecretExpires() => world.Administrator.ExpireSecretsAsync(DemoTenant.AppId);

    /// <summary>The administrator in Entra ID (simulator control API).</summary>
    [When("the sign-in sessions of {string} are revoked")]
    public Task WhenSessionsRevoked(string user) => world.Administrator.RevokeSignInSessionsAsync(DemoTenant.TenantId, ScenarioWorld.Mailbox(user));

    /// <summary>PROD-01: a new secret in the portal, pasted into the integration's auth settings.</summary>
    [When("the administrator creates a new client secret and the integration is given it")]
    public async Task WhenSecretRotated()
    {
        var (_, secret) = await world.Administrator.AddSecretAsync(DemoTenant.AppId);
        using var admin = world.Service.CreateAdminClient();
        (await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(admin, $"api/admin/integrations/{world.IntegrationId}/client-secret", new { clientSecret = secret })).EnsureSuccessStatusCode();
    }
}
