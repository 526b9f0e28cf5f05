using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Identity;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Identity.Client;
using Xunit;

namespace GraphSimulator.Tests.Identity;

/// <summary>
/// Tokens from Azure.Identity (client credentials) and MSAL (authorization code), and every way a
/// misconfigured registration or tenant fails, as the SDK and the identity libraries surface it.
/// </summary>
public sealed class IdentityConformanceTests : SimulatorTest
{
    private const string OtherDomain = "fabrikam-test.onmicrosoft.com";
    private NotificationEndpointStub _endpoint = null!;

    protected override async Task StartedAsync() => _endpoint = await NotificationEndpointStub.StartAsync(ValidationAnswer.ExactToken);

    protected override async Task StoppingAsync() => await _endpoint.DisposeAsync();

    private Subscription RoomSubscription(string resource) => EventsSubscription(resource, _endpoint.Url);

    private string Room(string name) => $"users/room.{name}@{DemoTenant.Domain}/events";

    [Fact]
    public async Task Client_credentials_from_Azure_Identity_give_an_app_only_token_that_Graph_accepts()
    {
        var created = await Demo.AppOnly().Subscriptions.PostAsync(RoomSubscription(Room("amsterdam")));

        Assert.Equal(DemoTenant.AppId, created!.ApplicationId);
    }

    [Fact]
    public async Task A_wrong_secret_fails_with_AADSTS7000215()
    {
        var graph = Simulator.CreateAppOnlyGraphClient(DemoTenant.TenantId, DemoTenant.AppId, "not-the-secret");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => graph.Subscriptions.GetAsync());

        Assert.Contains("AADSTS7000215", Flatten(error));
    }

    [Fact]
    public async Task An_expired_secret_fails_with_AADSTS7000222()
    {
        var tenant = await Simulator.SeedAsync(new TenantSeed(null, OtherDomain, "Fabrikam", null, null, null,
            [new AppSeed(null, "Expired app", false, [new SecretSeed("old-secret", ExpiresInDays: -1)], null, null, ["Calendars.ReadWrite"], true)], null));
        var graph = Simulator.CreateAppOnlyGraphClient(tenant.Id, tenant.Apps[0].AppId, "old-secret");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => graph.Subscriptions.GetAsync());

        Assert.Contains("AADSTS7000222", Flatten(error));
    }

    [Fact]
    public async Task An_unknown_tenant_fails_with_AADSTS90002_and_a_single_tenant_app_elsewhere_with_AADSTS700016()
    {
        var other = await Simulator.SeedAsync(new TenantSeed(null, OtherDomain, "Fabrikam", null, null, null, null, null));

        var unknownTenant = await Assert.ThrowsAnyAsync<Exception>(() =>
            Simulator.CreateAppOnlyGraphClient(Guid.NewGuid().ToString(), DemoTenant.AppId, DemoTenant.ClientSecret).Subscriptions.GetAsync());
        var wrongTenant = await Assert.ThrowsAnyAsync<Exception>(() =>
            Simulator.CreateAppOnlyGraphClient(other.Id, DemoTenant.AppId, DemoTenant.ClientSecret).Subscriptions.GetAsync());

        Assert.Contains("AADSTS90002", Flatten(unknownTenant));
        Assert.Contains("AADSTS700016", Flatten(wrongTenant));
    }

    [Fact]
    public async Task The_OAuth_error_body_has_Entra_IDs_shape()
    {
        using var http = Simulator.CreateHttpClient();

        var response = await RawTokens.RequestAsync(http, DemoTenant.TenantId, RawTokens.ClientCredentials("wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS7000215: Invalid client secret provided.", body.GetProperty("error_description").GetString());
        Assert.Equal(7000215, body.GetProperty("error_codes")[0].GetInt32());
        foreach (var field in new[] { "timestamp", "trace_id", "correlation_id" })
        {
            Assert.False(string.IsNullOrEmpty(body.GetProperty(field).GetString()), field);
        }
    }

    [Fact]
    public async Task An_app_only_token_on_me_is_a_400_like_Graph()
    {
        var error = await Assert.ThrowsAsync<ODataError>(() => Demo.AppOnly().Subscriptions.PostAsync(RoomSubscription("me/events")));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal("/me request is only valid with delegated authentication flow.", error.Error!.Message);
    }

    [Fact]
    public async Task A_room_outside_the_ApplicationAccessPolicy_group_is_refused_with_ErrorAccessDenied()
    {
        var error = await Assert.ThrowsAsync<ODataError>(() => Demo.AppOnly().Subscriptions.PostAsync(RoomSubscription(Room("outside-policy"))));

        Assert.Equal(403, error.ResponseStatusCode);
        Assert.Equal("ErrorAccessDenied", error.Error!.Code);
        Assert.StartsWith("Access to OData is disabled", error.Error.Message);
        Assert.Equal(0, _endpoint.ValidationRequests);
    }

    [Fact]
    public async Task Without_admin_consent_the_app_only_token_has_no_roles_and_Graph_denies_access()
    {
        var tenant = await Simulator.SeedAsync(new TenantSeed(null, OtherDomain, "Fabrikam", null,
            [new RoomSeed(null, $"room@{OtherDomain}", "Room")], null,
            [new AppSeed(null, "Not consented", false, [new SecretSeed("s3cret")], null, null, ["Calendars.ReadWrite"], AdminConsent: false)], null));
        var graph = Simulator.CreateAppOnlyGraphClient(tenant.Id, tenant.Apps[0].AppId, "s3cret");

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Subscriptions.PostAsync(RoomSubscription($"users/room@{OtherDomain}/events")));

        Assert.Equal(403, error.ResponseStatusCode);
        Assert.Equal("Access is denied. Check credentials and try again.", error.Error!.Message);
    }

    [Theory]
    [InlineData("users/room.nowhere@contoso-demo.onmicrosoft.com/events", 404, "ErrorInvalidUser")]
    [InlineData("users/unlicensed.user@contoso-demo.onmicrosoft.com/events", 404, "MailboxNotEnabledForRESTAPI")]
    public async Task Unknown_and_unlicensed_mailboxes_are_404(string resource, int status, string code)
    {
        var error = await Assert.ThrowsAsync<ODataError>(() => Demo.AppOnly().Subscriptions.PostAsync(RoomSubscription(resource)));

        Assert.Equal(status, error.ResponseStatusCode);
        Assert.Equal(code, error.Error!.Code);
    }

    [Fact]
    public async Task A_delegated_token_may_subscribe_to_its_own_mailbox_only()
    {
        var graph = await Demo.SignedInAsync();

        Assert.NotNull(await graph.Subscriptions.PostAsync(RoomSubscription("me/events")));
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Subscriptions.PostAsync(RoomSubscription($"users/alex.wilber@{DemoTenant.Domain}/events")));
        Assert.Equal(403, error.ResponseStatusCode);
    }

    [Fact]
    public async Task Without_the_delegated_permission_the_code_redemption_fails_with_AADSTS65001()
    {
        var tenant = await Simulator.SeedAsync(new TenantSeed(null, OtherDomain, "Fabrikam",
            [new UserSeed(null, $"svc@{OtherDomain}", "Service")], null, null,
            [new AppSeed(null, "No delegated permission", false, [new SecretSeed("s3cret")], [DemoTenantClients.RedirectUri], ["User.Read"], null, false)], null));

        var error = await Assert.ThrowsAnyAsync<MsalException>(() => DelegatedSignIn.SignInAsync(
            Simulator, tenant.Id, tenant.Apps[0].AppId, "s3cret", DemoTenantClients.RedirectUri, tenant.Users[0].Id, "https://graph.microsoft.com/Calendars.ReadWrite"));

        Assert.Contains("AADSTS65001", error.Message);
    }

    [Fact]
    public async Task A_redirect_uri_that_is_not_registered_is_refused_with_AADSTS50011()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DelegatedSignIn.ConsentAsync(
            Simulator, DemoTenant.TenantId, DemoTenant.AppId, "https://wrong.example/integrations/redirect/1", Demo.Tenant.User("booking.service").Id, ["Calendars.ReadWrite"]));

        Assert.Contains("AADSTS50011", error.Message);
    }

    [Fact]
    public async Task Admin_consent_grants_the_application_permissions()
    {
        var tenant = await Simulator.SeedAsync(new TenantSeed(null, OtherDomain, "Fabrikam", null,
            [new RoomSeed(null, $"room@{OtherDomain}", "Room")], null,
            [new AppSeed(null, "Needs consent", false, [new SecretSeed("s3cret")], [DemoTenantClients.RedirectUri], null, ["Calendars.ReadWrite"], AdminConsent: false)], null));
        var appId = tenant.Apps[0].AppId;
        using var http = Simulator.CreateHttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{tenant.Id}/adminconsent?client_id={appId}&redirect_uri={Uri.EscapeDataString(DemoTenantClients.RedirectUri)}&state=x")).StatusCode);

        var answer = await http.PostAsync($"{tenant.Id}/adminconsent", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = appId, ["redirect_uri"] = DemoTenantClients.RedirectUri, ["state"] = "x", ["decision"] = "accept",
        }));

        Assert.Contains("admin_consent=True", answer.Headers.Location!.Query);
        var graph = Simulator.CreateAppOnlyGraphClient(tenant.Id, appId, "s3cret");
        Assert.NotNull(await graph.Subscriptions.PostAsync(RoomSubscription($"users/room@{OtherDomain}/events")));
    }

    [Fact]
    public async Task A_token_past_its_simulated_lifetime_gets_401_InvalidAuthenticationToken()
    {
        using var http = Simulator.CreateHttpClient();
        var token = await RawTokens.AppOnlyAsync(http);
        Clock.Advance(TimeSpan.FromHours(1));
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1.0/subscriptions");
        request.Headers.Authorization = new("Bearer", token);

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("InvalidAuthenticationToken", error.GetProperty("code").GetString());
        Assert.Equal("Lifetime validation failed, the token is expired.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_used_refresh_token_stays_valid_like_Entra_ID_and_each_use_returns_a_new_one()
    {
        using var http = Simulator.CreateHttpClient();
        var code = await DelegatedSignIn.ConsentAsync(Simulator, DemoTenant.TenantId, DemoTenant.AppId, DemoTenantClients.RedirectUri, Demo.Tenant.User("booking.service").Id, ["Calendars.ReadWrite"]);
        var first = await TokenAsync(http, new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = DemoTenantClients.RedirectUri });
        var refreshToken = first.GetProperty("refresh_token").GetString()!;

        var once = await TokenAsync(http, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });
        var twice = await TokenAsync(http, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

        Assert.NotEqual(refreshToken, once.GetProperty("refresh_token").GetString());
        Assert.NotEqual(once.GetProperty("refresh_token").GetString(), twice.GetProperty("refresh_token").GetString());
    }

    private static async Task<JsonElement> TokenAsync(HttpClient http, Dictionary<string, string> form)
    {
        form["client_id"] = DemoTenant.AppId;
        form["client_secret"] = DemoTenant.ClientSecret;
        form["scope"] = "https://graph.microsoft.com/Calendars.ReadWrite offline_access";
        var response = await RawTokens.RequestAsync(http, DemoTenant.TenantId, form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : error.Message + (error.InnerException is null ? "" : " | " + Flatten(error.InnerException));
}
