using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Harness.Testing.Apps;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace OutlookSync.Tests.Integrations;

/// <summary>The admin API against missing keys and malformed input: a clear 4xx, and nothing stored or changed.</summary>
public sealed class AdminApiInputTests : ServiceTest
{
    private const string TenantId = "7d3c2a10-0000-4000-8000-00000000d3e0";
    private const string ClientId = "5b6f1e2d-0000-4000-8000-00000000a991";
    private HttpClient _admin = null!;
    private int _integrationId;

    protected override async Task StartedAsync()
    {
        _admin = Service.CreateAdminClient();
        var created = await Service.AdminPostAsync<JsonElement>("api/admin/integrations", new
        {
            name = "Rooms", mode = "Application", tenantId = TenantId, clientId = ClientId, clientSecret = "the-first-secret",
        });
        _integrationId = created.GetProperty("id").GetInt32();
    }

    protected override Task StoppingAsync()
    {
        _admin.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    public async Task Without_the_right_api_key_every_call_is_401(string? key)
    {
        using var http = new HttpClient { BaseAddress = Service.BaseAddress };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var read = await http.GetAsync($"api/admin/integrations/{_integrationId}");
        var write = await http.PutAsJsonAsync($"api/admin/integrations/{_integrationId}/client-secret", new { clientSecret = "stolen" });

        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Equal("the-first-secret", await StoredSecretAsync());
    }

    [Theory]
    [InlineData("{\"name\":\"\",\"mode\":\"Application\",\"tenantId\":\"" + TenantId + "\",\"clientId\":\"" + ClientId + "\",\"clientSecret\":\"s\"}", "name")]
    [InlineData("{\"name\":\"x\",\"mode\":\"Application\",\"tenantId\":\"contoso\",\"clientId\":\"" + ClientId + "\",\"clientSecret\":\"s\"}", "tenantId")]
    [InlineData("{\"name\":\"x\",\"mode\":\"Application\",\"tenantId\":\"" + TenantId + "\",\"clientId\":\"" + ClientId + "\",\"clientSecret\":\" \"}", "clientSecret")]
    [InlineData("{\"name\":\"x\",\"mode\":\"Both\",\"tenantId\":\"" + TenantId + "\",\"clientId\":\"" + ClientId + "\",\"clientSecret\":\"s\"}", "mode")]
    [InlineData("{\"name\":\"x\",\"mode\":\"Application\",\"tenantId\":\"" + TenantId + "\",\"clientId\":\"" + ClientId + "\",\"clientSecret\":\"s\",\"problemEmail\":\"<script>\"}", "problemEmail")]
    public async Task A_malformed_integration_is_refused_naming_the_field_and_nothing_is_created(string body, string field)
    {
        var response = await _admin.PostAsync("api/admin/integrations", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync($"api/admin/integrations/{_integrationId + 1}")).StatusCode);
    }

    [Theory]
    [InlineData("{\"clientSecret\":\"\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"clientSecret\":null}", HttpStatusCode.BadRequest)]
    [InlineData("{}", HttpStatusCode.BadRequest)]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    [InlineData("[1,2]", HttpStatusCode.BadRequest)]
    public async Task A_malformed_client_secret_is_refused_and_the_old_one_kept(string body, HttpStatusCode status)
    {
        var response = await _admin.PutAsync($"api/admin/integrations/{_integrationId}/client-secret", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("the-first-secret", await StoredSecretAsync());
    }

    [Fact]
    public async Task A_too_long_client_secret_is_refused_and_a_good_one_is_stored_but_never_shown()
    {
        var tooLong = await _admin.PutAsJsonAsync($"api/admin/integrations/{_integrationId}/client-secret", new { clientSecret = new string('x', 1001) });
        var unknown = await _admin.PutAsJsonAsync($"api/admin/integrations/{_integrationId + 99}/client-secret", new { clientSecret = "the-second-secret" });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("the-first-secret", await StoredSecretAsync());

        var rotated = await _admin.PutAsJsonAsync($"api/admin/integrations/{_integrationId}/client-secret", new { clientSecret = "the-second-secret" });

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.DoesNotContain("the-second-secret", await rotated.Content.ReadAsStringAsync());
        Assert.Equal("the-second-secret", await StoredSecretAsync());
    }

    [Theory]
    [InlineData("{\"objectId\":1,\"title\":\"\",\"start\":\"2026-11-03T14:00:00Z\",\"end\":\"2026-11-03T15:00:00Z\"}", "title")]
    [InlineData("{\"objectId\":1,\"title\":\"x\",\"start\":\"2026-11-03T15:00:00Z\",\"end\":\"2026-11-03T14:00:00Z\"}", "end")]
    [InlineData("{\"objectId\":1,\"title\":\"x\",\"start\":\"2026-11-03T14:00:00Z\",\"end\":\"2026-12-03T14:00:00Z\"}", "end")]
    [InlineData("{\"objectId\":1,\"title\":\"x\",\"start\":\"2026-11-03T14:00:00Z\"}", "end")]
    [InlineData("{\"objectId\":1,\"title\":\"x\",\"start\":\"2026-11-03T14:00:00Z\",\"end\":\"2026-11-03T15:00:00Z\",\"status\":\"Cancelled\"}", "status")]
    [InlineData("{\"objectId\":1,\"title\":\"x\",\"start\":\"2026-11-03T14:00:00Z\",\"end\":\"2026-11-03T15:00:00Z\",\"status\":\"7\"}", "status")]
    [InlineData("{\"objectId\":1,\"title\":\"x\",\"start\":\"2026-11-03T14:00:00Z\",\"end\":\"2026-11-03T15:00:00Z\",\"bookerEmail\":\"<script>\"}", "bookerEmail")]
    [InlineData("{\"objectId\":999,\"title\":\"x\",\"start\":\"2026-11-03T14:00:00Z\",\"end\":\"2026-11-03T15:00:00Z\"}", "objectId")]
    public async Task A_malformed_booking_is_refused_naming_the_field_and_nothing_is_booked(string body, string field)
    {
        await Service.AdminPostAsync<JsonElement>("api/admin/objects", new { name = "Room" });

        var response = await _admin.PostAsync("api/admin/bookings", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        Assert.Equal(0, (await _admin.GetFromJsonAsync<JsonElement>("api/admin/bookings")).GetArrayLength());
    }

    [Theory]
    [InlineData("{\"status\":\"Maybe\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"status\":\"2\"}", HttpStatusCode.BadRequest)]
    [InlineData("{}", HttpStatusCode.BadRequest)]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    [InlineData("{\"status\":\"Pending\"}", HttpStatusCode.Conflict)]
    public async Task A_bad_status_change_is_refused_and_the_booking_kept(string body, HttpStatusCode status)
    {
        var room = await Service.AdminPostAsync<JsonElement>("api/admin/objects", new { name = "Room" });
        var booking = await Service.AdminPostAsync<JsonElement>("api/admin/bookings", new
        {
            objectId = room.GetProperty("id").GetInt32(), title = "Review", start = "2026-11-03T14:00:00Z", end = "2026-11-03T15:00:00Z",
        });
        var id = booking.GetProperty("id").GetInt32();
        (await _admin.PutAsJsonAsync($"api/admin/bookings/{id}/status", new { status = "Cancelled" })).EnsureSuccessStatusCode();

        var response = await _admin.PutAsync($"api/admin/bookings/{id}/status", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        var kept = (await _admin.GetFromJsonAsync<JsonElement>("api/admin/bookings")).EnumerateArray().Single();
        Assert.Equal("Cancelled", kept.GetProperty("status").ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.PutAsJsonAsync($"api/admin/bookings/{id + 1}/status", new { status = "Confirmed" })).StatusCode);
    }

    [Fact]
    public async Task Without_a_public_base_url_consent_cannot_start_and_says_why()
    {
        var response = await _admin.PostAsync($"api/admin/integrations/{_integrationId}/consent", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Graph:PublicBaseUrl is not set", await response.Content.ReadAsStringAsync());
    }

    private async Task<string> StoredSecretAsync()
    {
        await using var scope = Service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutlookSync.Storage.SyncDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<OutlookSync.Integrations.SecretProtector>();
        var integration = await db.Integrations.FindAsync(_integrationId);
        return secrets.Unprotect(integration!.ProtectedClientSecret!);
    }

    [Fact]
    public async Task Repeated_wrong_keys_from_one_address_are_refused_for_a_minute_each_logged_without_the_key()
    {
        using var guesser = new HttpClient { BaseAddress = Service.BaseAddress };
        guesser.DefaultRequestHeaders.Add("X-Api-Key", "guess-number-n");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            answers.Add((await guesser.GetAsync($"api/admin/integrations/{_integrationId}")).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 10).Append(HttpStatusCode.TooManyRequests), answers);
        var refused = await _admin.GetAsync($"api/admin/integrations/{_integrationId}");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
        var warnings = Service.Logs.Lines.Where(l => l.Message.Contains("Wrong or missing X-Api-Key", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("127.0.0.1", w.Message));
        Assert.DoesNotContain(Service.Logs.Lines, l => l.Message.Contains("guess-number-n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("api/admin/objects", "{not json")]
    [InlineData("api/admin/objects", "{\"name\": 5}")]
    [InlineData("api/admin/integrations", "[]")]
    public async Task Malformed_json_is_a_problem_400_that_echoes_nothing_of_the_request(string path, string body)
    {
        var response = await _admin.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(SyncServiceApp.AdminApiKey, text);
        Assert.DoesNotContain("X-Api-Key", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", text);
    }

    [Fact]
    public async Task An_unknown_id_is_a_404_with_a_body()
    {
        var response = await _admin.GetAsync($"api/admin/integrations/{_integrationId + 99}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsStringAsync());
    }
}
