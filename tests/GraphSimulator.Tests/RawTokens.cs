using System.Net.Http.Json;
using System.Text.Json;
using GraphSimulator.Tenants;

namespace GraphSimulator.Tests;

/// <summary>Token requests over plain HTTP, for tests that check exact wire formats.</summary>
internal static class RawTokens
{
    public static Task<HttpResponseMessage> RequestAsync(HttpClient http, string tenant, IDictionary<string, string> form) =>
        http.PostAsync($"{tenant}/oauth2/v2.0/token", new FormUrlEncodedContent(form));

    public static async Task<string> AppOnlyAsync(HttpClient http)
    {
        var response = await RequestAsync(http, DemoTenant.TenantId, ClientCredentials(DemoTenant.ClientSecret));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public static Dictionary<string, string> ClientCredentials(string secret, string appId = DemoTenant.AppId) => new()
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = appId,
        ["client_secret"] = secret,
        ["scope"] = "https://graph.microsoft.com/.default",
    };
}
