using System.Net.Http.Json;
using System.Text.Json;

namespace Harness.Testing.Apps;

/// <summary>
/// A tenant's administrator at work in the Entra portal and Exchange PowerShell, through the simulator's
/// control API: app registrations, secrets, redirect URIs, API permissions, consent, groups and
/// ApplicationAccessPolicy, sign-in sessions.
/// </summary>
public sealed class TenantAdministrator(SimulatorApp simulator)
{
    public async Task<string> RegisterAppAsync(string tenant, string displayName, bool multiTenant) =>
        (await SendAsync(HttpMethod.Post, $"control/tenants/{tenant}/apps", new { displayName, multiTenant })).GetProperty("appId").GetString()!;

    /// <summary>A new client secret: its id (what the portal lists) and its value (shown once).</summary>
    public async Task<(string KeyId, string Value)> AddSecretAsync(string appId)
    {
        var secret = await SendAsync(HttpMethod.Post, $"control/apps/{appId}/secrets", new { displayName = "integration" });
        return (secret.GetProperty("keyId").GetString()!, secret.GetProperty("secretText").GetString()!);
    }

    public Task SetRedirectUrisAsync(string appId, params string[] redirectUris) =>
        SendAsync(HttpMethod.Put, $"control/apps/{appId}/redirect-uris", new { redirectUris });

    /// <summary>The app's redirect URIs now, with <paramref name="redirectUri"/> added.</summary>
    public async Task AddRedirectUriAsync(string tenant, string appId, string redirectUri)
    {
        var apps = (await SendAsync(HttpMethod.Get, "control/tenants", null)).GetProperty("value").EnumerateArray()
            .SelectMany(t => t.GetProperty("apps").EnumerateArray());
        var current = apps.Single(a => a.GetProperty("appId").GetString() == appId).GetProperty("redirectUris").EnumerateArray().Select(u => u.GetString()!);
        await SetRedirectUrisAsync(appId, [.. current.Append(redirectUri).Distinct()]);
    }

    public Task SetPermissionsAsync(string appId, string[] delegated, string[] application) =>
        SendAsync(HttpMethod.Put, $"control/apps/{appId}/permissions", new { delegated, application });

    public Task GrantAdminConsentAsync(string tenant, string appId) => SendAsync(HttpMethod.Post, $"control/tenants/{tenant}/apps/{appId}/consent", null);

    /// <summary>A user or room mailbox deleted in the portal.</summary>
    public Task DeleteUserAsync(string tenant, string user) => SendAsync(HttpMethod.Delete, $"control/tenants/{tenant}/users/{user}", null);

    public Task RevokeConsentAsync(string tenant, string appId) => SendAsync(HttpMethod.Delete, $"control/tenants/{tenant}/apps/{appId}/consent", null);

    public Task RestrictToGroupAsync(string tenant, string appId, string group) =>
        SendAsync(HttpMethod.Post, $"control/tenants/{tenant}/access-policies", new { app = appId, group, accessRight = "RestrictAccess" });

    public Task RemoveAccessPoliciesAsync(string tenant, string appId) => SendAsync(HttpMethod.Delete, $"control/tenants/{tenant}/apps/{appId}/access-policies", null);

    public Task ExpireSecretsAsync(string appId) => SendAsync(HttpMethod.Post, $"control/apps/{appId}/secrets/expire", null);

    public Task RevokeSignInSessionsAsync(string tenant, string user) => SendAsync(HttpMethod.Post, $"control/tenants/{tenant}/users/{user}/revoke-sign-in-sessions", null);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body)
    {
        using var control = simulator.CreateHttpClient();
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await control.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
