using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GraphSimulator.Tests.Control;

/// <summary>The control API over raw HTTP: seeding tenants, generated meetings, and refusing bad input.</summary>
public sealed class ControlApiTests : SimulatorTest
{
    private HttpClient _http = null!;

    protected override Task StartedAsync()
    {
        _http = Simulator.CreateHttpClient();
        return Task.CompletedTask;
    }

    protected override Task StoppingAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Random_meetings_are_booked_into_the_room_by_the_tenants_users()
    {
        var response = await _http.PostAsync($"control/mailboxes/room.berlin@{DemoTenant.Domain}/random-meetings?count=8&days=5&seed=7", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var meetings = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(8, meetings.Count);
        Assert.All(meetings, m => Assert.Contains(m.GetProperty("room").GetString(), new[] { "accepted", "declined" }));
        Assert.Contains(meetings, m => m.GetProperty("room").GetString() == "accepted");
    }

    [Theory]
    [InlineData("{\"domain\":\"not a domain\"}")]
    [InlineData("{\"domain\":\"x.onmicrosoft.com\",\"users\":[{\"userPrincipalName\":\"bob@elsewhere.com\"}]}")]
    [InlineData("{\"domain\":\"x.onmicrosoft.com\",\"id\":\"not-a-guid\"}")]
    [InlineData("{\"domain\":\"x.onmicrosoft.com\",\"groups\":[{\"displayName\":\"g\",\"members\":[\"ghost@x.onmicrosoft.com\"]}]}")]
    [InlineData("{\"domain\":\"x.onmicrosoft.com\",\"apps\":[{\"displayName\":\"a\"}],\"accessPolicies\":[{\"app\":\"a\",\"group\":\"missing\"}]}")]
    [InlineData("{\"domain\":\"contoso-demo.onmicrosoft.com\"}")]
    [InlineData("[1,2,3]")]
    public async Task A_bad_tenant_seed_is_refused_with_400_and_adds_nothing(string body)
    {
        var before = (await _http.GetFromJsonAsync<JsonElement>("control/tenants")).GetProperty("value").GetArrayLength();

        var response = await _http.PostAsync("control/tenants", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("error", out _));
        Assert.Equal(before, (await _http.GetFromJsonAsync<JsonElement>("control/tenants")).GetProperty("value").GetArrayLength());
    }

    [Fact]
    public async Task Listing_tenants_never_shows_secret_values()
    {
        var listing = await _http.GetStringAsync("control/tenants");

        Assert.Contains(DemoTenant.AppId, listing);
        Assert.DoesNotContain(DemoTenant.ClientSecret, listing);
    }
}
