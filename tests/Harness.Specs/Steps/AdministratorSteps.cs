using System.Net.Http.Json;
using System.Text.Json;
using GraphSimulator.Tenants;
using Harness.Specs.Support;
using Reqnroll;

namespace Harness.Specs.Steps;

/// <summary>The tenant's administrator in the Entra portal (through the simulator's control API), and the operator's fix.</summary>
[Binding]
public sealed class AdministratorSteps(ScenarioWorld world)
{
    [When("the tenant's administrator revokes the app's consent")]
    public Task WhenConsentRevoked() =>
        SendAsync(HttpMethod.Delete, $"control/tenants/{DemoTenant.TenantId}/apps/{DemoTenant.AppId}/consent");

    [When("the tenant's administrator grants admin consent again")]
    public Task WhenConsentGranted() =>
        SendAsync(HttpMethod.Post, $"control/tenants/{DemoTenant.TenantId}/apps/{DemoTenant.AppId}/consent");

    [Given("the tenant's administrator removed the app's ApplicationAccessPolicy")]
    public Task GivenPolicyRemoved() =>
        SendAsync(HttpMethod.Delete, $"control/tenants/{DemoTenant.TenantId}/apps/{DemoTenant.AppId}/access-policies");

    [When("the app's client secret expires")]
    public Task WhenSecretExpires() =>
        SendAsync(HttpMethod.Post, $"control/apps/{DemoTenant.AppId}/secrets/expire");

    [When("the sign-in sessions of {string} are revoked")]
    public Task WhenSessionsRevoked(string user) =>
        SendAsync(HttpMethod.Post, $"control/tenants/{DemoTenant.TenantId}/users/{ScenarioWorld.Mailbox(user)}/revoke-sign-in-sessions");

    /// <summary>PROD-01: a new secret in the portal, pasted into the integration's auth settings.</summary>
    [When("the administrator creates a new client secret and the integration is given it")]
    public async Task WhenSecretRotated()
    {
        using var control = world.Simulator.CreateHttpClient();
        var added = await control.PostAsJsonAsync($"control/apps/{DemoTenant.AppId}/secrets", new { displayName = "rotated" });
        added.EnsureSuccessStatusCode();
        var secret = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secretText").GetString();
        using var admin = world.Service.CreateAdminClient();
        (await admin.PutAsJsonAsync($"api/admin/integrations/{world.IntegrationId}/client-secret", new { clientSecret = secret })).EnsureSuccessStatusCode();
    }

    private async Task SendAsync(HttpMethod method, string path)
    {
        using var control = world.Simulator.CreateHttpClient();
        var response = await control.SendAsync(new HttpRequestMessage(method, path));
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
