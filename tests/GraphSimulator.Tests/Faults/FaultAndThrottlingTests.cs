using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;
using Xunit;

namespace GraphSimulator.Tests.Faults;

/// <summary>Injected faults and Outlook's throttling, as the SDK and its retry handler meet them.</summary>
public sealed class FaultAndThrottlingTests : SimulatorTest
{
    private static readonly string Amsterdam = $"room.amsterdam@{DemoTenant.Domain}";
    private GraphServiceClient _app = null!;
    private HttpClient _control = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Simulator:ThrottleRequestsPer10Minutes"] = "5" };

    protected override Task StartedAsync()
    {
        _app = Demo.AppOnly();
        _control = Simulator.CreateHttpClient();
        return Task.CompletedTask;
    }

    protected override Task StoppingAsync()
    {
        _control.Dispose();
        return Task.CompletedTask;
    }

    private Task<Microsoft.Graph.Models.EventCollectionResponse?> ListRoomEvents(int maxRetry = 3) =>
        _app.Users[Amsterdam].Events.GetAsync(c => c.Options.Add(new RetryHandlerOption { MaxRetry = maxRetry, Delay = 1 }));

    private async Task InjectAsync(object fault) =>
        Assert.Equal(HttpStatusCode.Created, (await _control.PostAsJsonAsync("control/faults", fault)).StatusCode);

    private async Task<int> FaultsLeftAsync() =>
        (await _control.GetFromJsonAsync<JsonElement>("control/faults")).GetProperty("value").GetArrayLength();

    [Fact]
    public async Task The_SDK_retry_handler_honours_Retry_After_and_gets_through()
    {
        await InjectAsync(new { kind = "throttle", route = "/events", retryAfterSeconds = 1, count = 2 });

        var events = await ListRoomEvents();

        Assert.NotNull(events?.Value);
        Assert.Equal(0, await FaultsLeftAsync());
    }

    [Fact]
    public async Task Without_retries_a_429_surfaces_with_Graphs_code_and_Retry_After()
    {
        await InjectAsync(new { kind = "throttle", route = "/events", retryAfterSeconds = 7 });

        var error = await Assert.ThrowsAsync<ODataError>(() => ListRoomEvents(maxRetry: 0));

        Assert.Equal(429, error.ResponseStatusCode);
        Assert.Equal("TooManyRequests", error.Error!.Code);
        Assert.Equal("7", Assert.Single(error.ResponseHeaders["Retry-After"]));
    }

    [Fact]
    public async Task A_transient_503_is_retried_by_the_SDK()
    {
        await InjectAsync(new { kind = "status", status = 503, mailbox = Amsterdam });

        Assert.NotNull(await ListRoomEvents());
        Assert.Equal(0, await FaultsLeftAsync());
    }

    [Fact]
    public async Task Dropped_connections_and_malformed_bodies_fail_the_call()
    {
        await InjectAsync(new { kind = "drop", route = "/events" });
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => ListRoomEvents(maxRetry: 0));

        await InjectAsync(new { kind = "malformed", route = "/events" });
        await Assert.ThrowsAnyAsync<Exception>(() => ListRoomEvents(maxRetry: 0));
    }

    [Fact]
    public async Task Latency_is_spent_on_the_simulatedClock()
    {
        await InjectAsync(new { kind = "latency", route = "/events", latencyMs = 5000 });

        var call = ListRoomEvents();
        await Eventually.UntilAsync(async () => (await FaultsLeftAsync()) == 0 ? "taken" : null, "the latency fault to be taken");
        Assert.False(call.IsCompleted);
        Clock.Advance(TimeSpan.FromSeconds(5));

        Assert.NotNull(await call.WaitAsync(Eventually.DefaultTimeout));
    }

    [Fact]
    public async Task Past_the_request_limit_per_app_and_mailbox_Graph_answers_429_until_the_window_moves_on()
    {
        for (var i = 0; i < 5; i++)
        {
            await ListRoomEvents(maxRetry: 0);
        }

        var error = await Assert.ThrowsAsync<ODataError>(() => ListRoomEvents(maxRetry: 0));
        Assert.Equal(429, error.ResponseStatusCode);
        Assert.InRange(double.Parse(Assert.Single(error.ResponseHeaders["Retry-After"]), System.Globalization.CultureInfo.InvariantCulture), 1, 600);

        Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.NotNull(await ListRoomEvents(maxRetry: 0));
    }

    [Theory]
    [InlineData("{\"kind\":\"explode\"}")]
    [InlineData("{\"kind\":\"status\",\"status\":200}")]
    [InlineData("{\"kind\":\"latency\",\"latencyMs\":-5}")]
    [InlineData("not json")]
    public async Task A_malformed_fault_is_refused_and_nothing_is_injected(string body)
    {
        var response = await _control.PostAsync("control/faults", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await FaultsLeftAsync());
    }
}
