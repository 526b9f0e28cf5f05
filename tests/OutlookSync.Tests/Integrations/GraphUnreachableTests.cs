using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Harness.Testing;
using Harness.Testing.Apps;
using Xunit;

namespace OutlookSync.Tests.Integrations;

/// <summary>A wrong Graph:BaseUrl or AuthorityHost (nothing listens there): activation and the readiness check say so, never a 500.</summary>
public sealed class GraphUnreachableTests : ServiceTest
{
    private static readonly string Nowhere = $"https://127.0.0.1:{LoopbackPorts.Free()}/";
    private int _integrationId;

    protected override SyncServiceSettings Settings() => new(null, "web", DataFolder, Port: SyncServiceApp.FreePort(), Extra: new Dictionary<string, string?>
    {
        ["Graph:BaseUrl"] = Nowhere + "v1.0",
        ["Graph:AuthorityHost"] = Nowhere,
    });

    protected override async Task StartedAsync()
    {
        var room = await Service.AdminPostAsync<JsonElement>("api/admin/objects", new { name = "Amsterdam" });
        var integration = await Service.AdminPostAsync<JsonElement>("api/admin/integrations", new
        {
            name = "Rooms", mode = "Application", tenantId = "7d3c2a10-0000-4000-8000-00000000d3e0", clientId = "5b6f1e2d-0000-4000-8000-00000000a991", clientSecret = "s3cret-value",
        });
        _integrationId = integration.GetProperty("id").GetInt32();
        await Service.AdminPostAsync<JsonElement>($"api/admin/integrations/{_integrationId}/mappings", new { mailbox = "room.amsterdam@contoso.example", objectId = room.GetProperty("id").GetInt32() });
    }

    [Fact]
    public async Task Activation_reports_the_unreachable_endpoint_as_the_calendars_problem()
    {
        using var admin = Service.CreateAdminClient();

        var response = await admin.PostAsync($"api/admin/integrations/{_integrationId}/activate", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("could not be reached", body);
        Assert.Contains("Graph:AuthorityHost", body);
        Assert.DoesNotContain("s3cret-value", body);
        Assert.DoesNotContain("   at ", body);
    }

    [Fact]
    public async Task The_readiness_check_fails_sign_in_saying_where_it_could_not_reach()
    {
        using var admin = Service.CreateAdminClient();

        var response = await admin.GetAsync($"api/admin/integrations/{_integrationId}/readiness");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        var signIn = items.Single(i => i.GetProperty("item").GetString() == "PROD-01");
        Assert.Equal("failed", signIn.GetProperty("outcome").GetString());
        Assert.Contains("could not be reached", signIn.GetProperty("message").GetString());
    }
}
