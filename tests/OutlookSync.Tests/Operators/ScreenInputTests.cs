using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Harness.Testing.Apps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OutlookSync.Operators;
using OutlookSync.Storage;
using Xunit;

namespace OutlookSync.Tests.Operators;

/// <summary>
/// The operator screens over plain HTTP, as a hostile client would post to them: no sign-in, wrong passwords,
/// foreign return URLs, unknown ids, values that cannot be read or are meant to inject markup. Each gets a clear
/// 4xx and nothing changes.
/// </summary>
public sealed partial class ScreenInputTests : ServiceTest
{
    private const string Password = "operator-password-1";
    private readonly CookieContainer _cookies = new();
    private HttpClient _browser = null!;
    private int _integrationId;

    protected override async Task StartedAsync()
    {
        _browser = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = Service.BaseAddress };
        await using var scope = Service.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<OperatorAccounts>().SetAsync("operator", Password, CancellationToken.None);
        var created = await Service.AdminPostAsync<JsonElement>("api/admin/integrations", new
        {
            name = "Rooms", mode = "Application", tenantId = "7d3c2a10-0000-4000-8000-00000000d3e0", clientId = "5b6f1e2d-0000-4000-8000-00000000a991", clientSecret = "the-first-secret",
        });
        _integrationId = created.GetProperty("id").GetInt32();
    }

    protected override Task StoppingAsync()
    {
        _browser.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("/integrations")]
    [InlineData("/integrations/new")]
    [InlineData("/integrations/1/settings")]
    [InlineData("/integrations/1/auth")]
    [InlineData("/diagnostics")]
    public async Task Every_screen_without_a_sign_in_leads_to_the_sign_in_page(string path)
    {
        var answer = await _browser.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/signin?ReturnUrl=", answer.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("operator", "not-the-password")]
    [InlineData("nobody", "not-the-password")]
    [InlineData("operator", "")]
    [InlineData("<script>", "x")]
    public async Task A_wrong_name_or_password_is_401_with_the_same_words_whoever_it_names(string name, string password)
    {
        var answer = await PostFormAsync("/signin", new() { ["Name"] = name, ["Password"] = password });

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Contains("Wrong name or password.", await answer.Content.ReadAsStringAsync());
        Assert.Null(SignInCookie());
    }

    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example")]
    public async Task A_return_url_to_another_site_is_ignored_after_signing_in(string returnUrl)
    {
        var answer = await PostFormAsync($"/signin?ReturnUrl={Uri.EscapeDataString(returnUrl)}", new() { ["Name"] = "operator", ["Password"] = Password });

        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal("/integrations", answer.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("GET", "/integrations/999/settings")]
    [InlineData("GET", "/integrations/999/auth")]
    [InlineData("POST", "/integrations/999/settings?handler=Activate")]
    [InlineData("POST", "/integrations/999/settings?handler=Deactivate")]
    [InlineData("POST", "/integrations/999/auth?handler=Consent")]
    public async Task An_integration_that_does_not_exist_is_404(string method, string path)
    {
        await SignInAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        var answer = method == "GET" ? await _browser.SendAsync(request) : await PostFormAsync(path, [], tokenFrom: "/integrations/new");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Contains("404", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_new_integration_with_hostile_fields_is_400_shown_escaped_and_nothing_is_created()
    {
        await SignInAsync();

        var answer = await PostFormAsync("/integrations/new", new()
        {
            ["Fields.Name"] = new string('n', 300),
            ["Fields.Mode"] = "Sideways",
            ["Fields.TenantId"] = "<script>alert(1)</script>",
            ["Fields.ClientId"] = "not-a-guid",
            ["Fields.ClientSecret"] = "",
            ["Fields.ProblemEmail"] = "\"><img src=x onerror=alert(1)>",
        });

        var page = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.DoesNotContain("<script>alert(1)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page, StringComparison.Ordinal);
        foreach (var field in new[] { "name", "mode", "tenantId", "clientId", "clientSecret", "problemEmail" })
        {
            Assert.Contains($"id=\"error-{field}\"", page, StringComparison.Ordinal);
        }

        Assert.Equal(1, await CountAsync(db => db.Integrations));
    }

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>", "0", "Annex")]
    [InlineData("room.amsterdam@contoso-demo.onmicrosoft.com", "not-a-number", "Annex")]
    [InlineData("room.amsterdam@contoso-demo.onmicrosoft.com", "0", "")]
    [InlineData("room.amsterdam@contoso-demo.onmicrosoft.com", "4711", "")]
    public async Task A_mapping_that_cannot_be_made_is_400_and_creates_neither_mapping_nor_object(string mailbox, string objectId, string objectName)
    {
        await SignInAsync();

        var answer = await PostFormAsync($"/integrations/{_integrationId}/settings?handler=Map", new() { ["Mailbox"] = mailbox, ["ObjectId"] = objectId, ["ObjectName"] = objectName });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.DoesNotContain("<img src=x", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync(db => db.Mappings));
        Assert.Equal(0, await CountAsync(db => db.Objects));
    }

    [Theory]
    [InlineData("Inbound.SyncWindowDays", "0")]
    [InlineData("Inbound.SyncWindowDays", "a week")]
    [InlineData("Inbound.CreatedStatus", "Cancelled")]
    [InlineData("Inbound.PrivateTitle", "<script>x</script><script>x</script><script>x</script><script>x</script><script>x</script><script>x</script><script>x</script><script>x</script><script>x</script><script>x</script><script>x</script><script>x</script><script>x</script><script>x</script><script>x</script>")]
    public async Task Inbound_behaviour_out_of_range_is_400_and_the_stored_values_stay(string field, string value)
    {
        await SignInAsync();

        var answer = await PostFormAsync($"/integrations/{_integrationId}/settings?handler=Inbound", new() { [field] = value });

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        await using var scope = Service.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<SyncDbContext>().Integrations.SingleAsync();
        Assert.Equal(90, stored.Inbound.SyncWindowDays);
        Assert.Equal("Private meeting", stored.Inbound.PrivateTitle);
    }

    private async Task SignInAsync()
    {
        var answer = await PostFormAsync("/signin", new() { ["Name"] = "operator", ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.NotNull(SignInCookie());
    }

    /// <summary>Posts a form as the browser would: with the antiforgery token of a page of the service (the form's own page unless told).</summary>
    private async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        var form = await _browser.GetStringAsync(tokenFrom ?? path.Split('?')[0]);
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value;
        return await _browser.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    private Cookie? SignInCookie() => _cookies.GetCookies(Service.BaseAddress)["outlooksync.operator"];

    private async Task<int> CountAsync<T>(Func<SyncDbContext, IQueryable<T>> set)
    {
        await using var scope = Service.Services.CreateAsyncScope();
        return await set(scope.ServiceProvider.GetRequiredService<SyncDbContext>()).CountAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
