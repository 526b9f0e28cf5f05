using System.Net;
using System.Text;
using Harness.Testing.Apps;
using Xunit;

namespace OutlookSync.Tests.Integrations;

/// <summary>In Development (as ./harness run starts it) a malformed body must not reach the developer exception page, which echoes request headers.</summary>
public sealed class DevelopmentErrorTests : ServiceTest
{
    protected override SyncServiceSettings Settings() => new(null, "web", DataFolder, Environment: "Development");

    [Fact]
    public async Task Malformed_json_in_development_is_a_problem_400_without_the_api_key()
    {
        using var admin = Service.CreateAdminClient();

        var response = await admin.PostAsync("api/admin/objects", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(SyncServiceApp.AdminApiKey, await response.Content.ReadAsStringAsync());
    }
}
