using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using Harness.Testing.Apps;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace OutlookSync.Tests.Integrations;

/// <summary>
/// The anonymous consent redirect against forged, replayed, expired and hostile requests: a 400 page that
/// says what to do, nothing stored, and the genuine sign-in still completes afterwards.
/// </summary>
public sealed class ConsentRedirectInputTests : ServiceTest
{
    private HttpClient _browser = null!;
    private int _id;
    private string _state = "";

    protected override SyncServiceSettings Settings() =>
        new(null, "web", DataFolder, Extra: new Dictionary<string, string?> { ["Graph:PublicBaseUrl"] = "https://booking.example/" });

    protected override async Task StartedAsync()
    {
        _browser = new HttpClient { BaseAddress = Service.BaseAddress };
        var created = await Service.AdminPostAsync<JsonElement>("api/admin/integrations", new
        {
            name = "Rooms", mode = "Application", tenantId = Guid.NewGuid().ToString(), clientId = Guid.NewGuid().ToString(), clientSecret = "s",
        });
        _id = created.GetProperty("id").GetInt32();
        var consent = await Service.AdminPostAsync<JsonElement>($"api/admin/integrations/{_id}/consent", new { });
        _state = HttpUtility.ParseQueryString(new Uri(consent.GetProperty("url").GetString()!).Query)["state"]!;
    }

    protected override Task StoppingAsync()
    {
        _browser.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("?admin_consent=True")]
    [InlineData("?admin_consent=True&state=")]
    [InlineData("?admin_consent=True&state=0000")]
    [InlineData("?admin_consent=True&state=%00%FF%3Cscript%3E")]
    [InlineData("?code=forged&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_redirect_thisService_did_not_start_is_refused_and_changes_nothing(string query)
    {
        var page = await _browser.GetAsync($"integrations/redirect/{_id}{query}");

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("was not started here or has expired", await page.Content.ReadAsStringAsync());
        Assert.False(await ConsentGrantedAsync());
        await AssertTheGenuineRedirectStillWorksAsync();
    }

    [Theory]
    [InlineData("integrations/redirect/9999?admin_consent=True&state=x", HttpStatusCode.BadRequest)]
    [InlineData("integrations/redirect/not-a-number?admin_consent=True", HttpStatusCode.NotFound)]
    public async Task An_unknown_integration_is_refused(string path, HttpStatusCode status)
    {
        var page = await _browser.GetAsync(path);

        Assert.Equal(status, page.StatusCode);
        await AssertTheGenuineRedirectStillWorksAsync();
    }

    [Fact]
    public async Task An_expired_sign_in_is_refused()
    {
        Clock.Advance(TimeSpan.FromMinutes(16));

        var page = await _browser.GetAsync($"integrations/redirect/{_id}?admin_consent=True&state={_state}");

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.False(await ConsentGrantedAsync());
    }

    [Fact]
    public async Task A_hostile_error_description_is_stored_for_the_operator_but_shown_encoded()
    {
        var page = await _browser.GetAsync($"integrations/redirect/{_id}?error=access_denied&error_description={Uri.EscapeDataString("<script>alert(1)</script>")}&state={_state}");

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        var integration = await Service.CreateAdminClient().GetFromJsonAsync<JsonElement>($"api/admin/integrations/{_id}");
        Assert.Equal("access_denied: <script>alert(1)</script>", integration.GetProperty("authProblem").GetString());
    }

    [Fact]
    public async Task A_state_is_used_once()
    {
        await AssertTheGenuineRedirectStillWorksAsync();

        var replay = await _browser.GetAsync($"integrations/redirect/{_id}?admin_consent=True&state={_state}");

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
    }

    private async Task AssertTheGenuineRedirectStillWorksAsync()
    {
        var page = await _browser.GetAsync($"integrations/redirect/{_id}?admin_consent=True&state={_state}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(await ConsentGrantedAsync());
    }

    private async Task<bool> ConsentGrantedAsync()
    {
        await using var scope = Service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutlookSync.Storage.SyncDbContext>();
        return (await db.Integrations.FindAsync(_id))!.ConsentGranted;
    }
}
