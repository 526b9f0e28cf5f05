using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit;

namespace GraphSimulator.Tests.Control;

/// <summary>
/// The control API and page rewrite tenants and move the clock without a token: only callers on this
/// machine may use them, and a browser on another site cannot post to them (the page's forms carry no token).
/// </summary>
public sealed class ControlAccessTests : SimulatorTest
{
    private static readonly object Fault = new { kind = "status", status = 503, count = 1 };

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task A_cross_site_post_is_refused_and_changes_nothing(string header, string value)
    {
        using var http = Simulator.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "control/faults") { Content = JsonContent.Create(Fault) };
        request.Headers.Add(header, value);

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Cross-site requests", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await Simulator.FaultsLeftAsync());
    }

    [Fact]
    public async Task A_cross_site_form_post_to_the_page_is_refused()
    {
        using var http = Simulator.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "control/page/advance") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["minutes"] = "60" }) };
        request.Headers.Add("Origin", "https://evil.example");

        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_pages_own_origin_may_post()
    {
        using var http = Simulator.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "control/faults") { Content = JsonContent.Create(Fault) };
        request.Headers.Add("Origin", Simulator.BaseAddress.ToString().TrimEnd('/'));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(request)).StatusCode);
        Assert.Equal(1, await Simulator.FaultsLeftAsync());
    }

    [Theory]
    [InlineData("203.0.113.9", HttpStatusCode.Forbidden)]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("::1", HttpStatusCode.OK)]
    public async Task Only_callers_on_this_machine_may_use_the_control_api(string caller, HttpStatusCode expected)
    {
        await using var simulator = new WebApplicationFactory<GraphSimulator.Program>();

        var context = await simulator.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/control/faults";
            c.Connection.RemoteIpAddress = IPAddress.Parse(caller);
        });

        Assert.Equal((int)expected, context.Response.StatusCode);
    }

    [Fact]
    public async Task Remote_control_can_be_allowed_explicitly()
    {
        await using var simulator = new WebApplicationFactory<GraphSimulator.Program>().WithWebHostBuilder(b => b.UseSetting("Simulator:AllowRemoteControl", "true"));

        var context = await simulator.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/control/faults";
            c.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
        });

        Assert.Equal(200, context.Response.StatusCode);
    }
}
