using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Identity.Client;
using Xunit;

namespace GraphSimulator.Tests.Control;

/// <summary>
/// The administrator's actions on the control API, checked through what the SDK and the identity
/// libraries then see: revoked consent fails renewals, expired secrets fail sign-in, a new secret works,
/// revoked sessions fail the refresh-token grant. Bad requests change nothing.
/// </summary>
public sealed class AdministratorControlTests : SimulatorTest
{
    private const string Room = $"users/room.amsterdam@{DemoTenant.Domain}/events";
    private NotificationEndpointStub _endpoint = null!;

    protected override async Task StartedAsync() => _endpoint = await NotificationEndpointStub.StartAsync(ValidationAnswer.ExactToken);

    protected override async Task StoppingAsync() => await _endpoint.DisposeAsync();

    private Subscription NewSubscription(string resource) => EventsSubscription(resource, _endpoint.Url);

    private Subscription Renewal => new() { ExpirationDateTime = Clock.GetUtcNow().AddMinutes(4200) };

    [Fact]
    public async Task Revoked_admin_consent_makes_the_renewal_403_once_the_token_is_reissued_and_granting_it_again_restores_it()
    {
        var graph = Demo.AppOnly();
        var subscription = await graph.Subscriptions.PostAsync(NewSubscription(Room));
        using var control = Simulator.CreateHttpClient();

        var revoked = await control.DeleteAsync($"control/tenants/{DemoTenant.TenantId}/apps/{DemoTenant.AppId}/consent");
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.True((await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("adminConsentRevoked").GetBoolean());
        var denied = await Assert.ThrowsAsync<ODataError>(() => Demo.AppOnly().Subscriptions[subscription!.Id].PatchAsync(Renewal));
        Assert.Equal(403, denied.ResponseStatusCode);
        Assert.Equal("ErrorAccessDenied", denied.Error!.Code);

        (await control.PostAsync($"control/tenants/{DemoTenant.TenantId}/apps/{DemoTenant.AppId}/consent", null)).EnsureSuccessStatusCode();
        Assert.NotNull(await Demo.AppOnly().Subscriptions[subscription!.Id].PatchAsync(Renewal));
    }

    [Fact]
    public async Task Expired_secrets_fail_with_AADSTS7000222_and_a_new_secret_signs_in()
    {
        using var control = Simulator.CreateHttpClient();

        var expired = await control.PostAsync($"control/apps/{DemoTenant.AppId}/secrets/expire", null);
        var added = await control.PostAsJsonAsync($"control/apps/{DemoTenant.AppId}/secrets", new { displayName = "rotated" });

        Assert.Equal(1, (await expired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("expired").GetInt32());
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Demo.AppOnly().Subscriptions.GetAsync());
        Assert.Contains("AADSTS7000222", error.ToString());
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var secret = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secretText").GetString()!;
        Assert.NotNull(await Simulator.CreateAppOnlyGraphClient(DemoTenant.TenantId, DemoTenant.AppId, secret).Subscriptions.GetAsync());
    }

    [Fact]
    public async Task A_deleted_room_mailbox_is_an_invalid_user_to_graph_and_no_longer_listed_as_a_room()
    {
        using var control = Simulator.CreateHttpClient();

        var deleted = await control.DeleteAsync($"control/tenants/{DemoTenant.Domain}/users/room.amsterdam@{DemoTenant.Domain}");
        var again = await control.DeleteAsync($"control/tenants/{DemoTenant.Domain}/users/room.amsterdam@{DemoTenant.Domain}");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var graph = Demo.AppOnly();
        var missing = await Assert.ThrowsAsync<ODataError>(() => graph.Users[$"room.amsterdam@{DemoTenant.Domain}"].Events.GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);
        Assert.Equal("ErrorInvalidUser", missing.Error!.Code);
        var rooms = await graph.Places.GraphRoom.GetAsync();
        Assert.DoesNotContain(rooms!.Value!, r => r.EmailAddress == $"room.amsterdam@{DemoTenant.Domain}");
        Assert.Contains(rooms.Value!, r => r.EmailAddress == $"room.berlin@{DemoTenant.Domain}");
    }

    [Fact]
    public async Task Revoked_sign_in_sessions_fail_the_refresh_with_AADSTS50173()
    {
        var graph = await Demo.SignedInAsync();
        Assert.NotNull(await graph.Me.Events.GetAsync());
        using var control = Simulator.CreateHttpClient();

        var revoked = await control.PostAsync($"control/tenants/{DemoTenant.Domain}/users/booking.service@{DemoTenant.Domain}/revoke-sign-in-sessions", null);
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revokedRefreshTokens").GetInt32());
        var error = await Assert.ThrowsAnyAsync<MsalException>(() => graph.Me.Events.GetAsync());
        Assert.Contains("AADSTS50173", error.Message);
    }

    [Fact]
    public async Task Without_its_ApplicationAccessPolicy_the_app_reads_any_mailbox()
    {
        var user = $"users/alex.wilber@{DemoTenant.Domain}/events";
        var before = await Assert.ThrowsAsync<ODataError>(() => Demo.AppOnly().Users[$"alex.wilber@{DemoTenant.Domain}"].Events.GetAsync());
        Assert.StartsWith("Access to OData is disabled", before.Error!.Message);
        using var control = Simulator.CreateHttpClient();

        var removed = await control.DeleteAsync($"control/tenants/{DemoTenant.TenantId}/apps/{DemoTenant.AppId}/access-policies");

        Assert.Equal(1, (await removed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("removed").GetInt32());
        Assert.NotNull(await Demo.AppOnly().Subscriptions.PostAsync(NewSubscription(user)));
    }

    [Theory]
    [InlineData("POST", "control/apps/00000000-0000-4000-8000-000000000000/secrets", "{}", 404)]
    [InlineData("POST", "control/apps/" + DemoTenant.AppId + "/secrets", "not json", 400)]
    [InlineData("POST", "control/apps/" + DemoTenant.AppId + "/secrets", "{\"endDateTime\":\"2020-01-01T00:00:00Z\"}", 400)]
    [InlineData("POST", "control/apps/" + DemoTenant.AppId + "/secrets", "{\"endDateTime\":\"2099-01-01T00:00:00Z\"}", 400)]
    [InlineData("POST", "control/apps/00000000-0000-4000-8000-000000000000/secrets/expire", "", 404)]
    [InlineData("DELETE", "control/tenants/" + DemoTenant.TenantId + "/apps/00000000-0000-4000-8000-000000000000/consent", "", 404)]
    [InlineData("POST", "control/tenants/no-such-tenant.example/apps/" + DemoTenant.AppId + "/consent", "", 404)]
    [InlineData("POST", "control/tenants/" + DemoTenant.TenantId + "/users/nobody@contoso-demo.onmicrosoft.com/revoke-sign-in-sessions", "", 404)]
    [InlineData("DELETE", "control/tenants/no-such-tenant.example/apps/" + DemoTenant.AppId + "/access-policies", "", 404)]
    public async Task Bad_administrator_requests_are_refused_and_change_nothing(string method, string path, string body, int status)
    {
        using var control = Simulator.CreateHttpClient();
        var before = await control.GetStringAsync("control/tenants");

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        var response = await control.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString()));
        Assert.Equal(before, await control.GetStringAsync("control/tenants"));
        Assert.NotNull(await Demo.AppOnly().Subscriptions.GetAsync());
    }
}
