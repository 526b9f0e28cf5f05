using System.Net;
using System.Text;
using System.Text.Json;
using Harness.Testing.Apps;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Xunit;

namespace GraphSimulator.Tests.Subscriptions;

/// <summary>/subscriptions driven by the official Graph SDK, as the service will drive it.</summary>
public sealed class SubscriptionConformanceTests : SimulatorTest
{
    private NotificationEndpointStub _endpoint = null!;
    private GraphServiceClient _graph = null!;

    protected override async Task StartedAsync()
    {
        _endpoint = await NotificationEndpointStub.StartAsync(ValidationAnswer.ExactToken);
        _graph = await Demo.SignedInAsync();
    }

    protected override async Task StoppingAsync() => await _endpoint.DisposeAsync();

    private Subscription NewSubscription(Action<Subscription>? change = null)
    {
        var subscription = EventsSubscription("me/events", _endpoint.Url, "client-state-1");
        change?.Invoke(subscription);
        return subscription;
    }

    [Fact]
    public async Task Create_validates_the_endpoint_then_answers_201_with_the_subscription()
    {
        var created = await _graph.Subscriptions.PostAsync(NewSubscription());

        Assert.Equal(1, _endpoint.ValidationRequests);
        Assert.False(string.IsNullOrEmpty(created!.Id));
        Assert.Equal("me/events", created.Resource);
        Assert.Equal("created,updated,deleted", created.ChangeType);
        Assert.Equal("client-state-1", created.ClientState);
        Assert.Equal(Clock.GetUtcNow().AddMinutes(4230), created.ExpirationDateTime);
        var listed = await _graph.Subscriptions.GetAsync();
        Assert.Equal(created.Id, Assert.Single(listed!.Value!).Id);
    }

    [Fact]
    public async Task Renew_by_patch_moves_the_expiry_and_delete_removes_the_subscription()
    {
        var created = await _graph.Subscriptions.PostAsync(NewSubscription());
        Clock.Advance(TimeSpan.FromDays(2));
        var newExpiry = Clock.GetUtcNow().AddMinutes(4000);

        var renewed = await _graph.Subscriptions[created!.Id].PatchAsync(new Subscription { ExpirationDateTime = newExpiry });
        Assert.Equal(newExpiry, renewed!.ExpirationDateTime);

        await _graph.Subscriptions[created.Id].DeleteAsync();
        var gone = await Assert.ThrowsAsync<ODataError>(() => _graph.Subscriptions[created.Id].GetAsync());
        Assert.Equal(404, gone.ResponseStatusCode);
        Assert.Equal("ResourceNotFound", gone.Error!.Code);
    }

    [Fact]
    public async Task A_subscription_is_gone_once_the_simulatedClock_passes_its_expiry()
    {
        var created = await _graph.Subscriptions.PostAsync(NewSubscription(s => s.ExpirationDateTime = Clock.GetUtcNow().AddDays(2)));

        Clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await _graph.Subscriptions[created!.Id].GetAsync());

        Clock.Advance(TimeSpan.FromSeconds(1));
        var gone = await Assert.ThrowsAsync<ODataError>(() => _graph.Subscriptions[created.Id].GetAsync());
        Assert.Equal(404, gone.ResponseStatusCode);
        Assert.Empty((await _graph.Subscriptions.GetAsync())!.Value!);
    }

    public static TheoryData<string, string, string> InvalidRequests => new()
    {
        { "expiry-too-far", "ExtensionError", "Subscription expiration can only be 4230 minutes in the future." },
        { "expiry-in-past", "InvalidRequest", "must be in the future" },
        { "client-state-too-long", "InvalidRequest", "128 characters" },
        { "bad-change-type", "InvalidRequest", "Invalid changeType" },
        { "unsupported-resource", "InvalidRequest", "is not supported" },
        { "relative-url", "InvalidRequest", "Invalid notification url" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_request_surfaces_as_ODataError_400_and_creates_nothing(string mistake, string code, string message)
    {
        var request = NewSubscription(s =>
        {
            switch (mistake)
            {
                case "expiry-too-far": s.ExpirationDateTime = Clock.GetUtcNow().AddMinutes(4231); break;
                case "expiry-in-past": s.ExpirationDateTime = Clock.GetUtcNow().AddMinutes(-1); break;
                case "client-state-too-long": s.ClientState = new string('x', 129); break;
                case "bad-change-type": s.ChangeType = "created,renamed"; break;
                case "unsupported-resource": s.Resource = "me/messages"; break;
                case "relative-url": s.NotificationUrl = "/relative/hook"; break;
            }
        });

        var error = await Assert.ThrowsAsync<ODataError>(() => _graph.Subscriptions.PostAsync(request));

        Assert.Equal(400, error.ResponseStatusCode);
        Assert.Equal(code, error.Error!.Code);
        Assert.Contains(message, error.Error.Message);
        Assert.Equal(0, _endpoint.ValidationRequests);
        Assert.Empty((await _graph.Subscriptions.GetAsync())!.Value!);
    }

    [Fact]
    public async Task Without_permissive_mode_an_http_notification_url_is_refused_like_Graph()
    {
        await using var strict = new SimulatorApp(Clock, new Dictionary<string, string?> { ["Simulator:AllowInsecureNotificationUrls"] = "false" });
        var graph = await (await DemoTenantClients.SeedAsync(strict)).SignedInAsync();

        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Subscriptions.PostAsync(NewSubscription()));

        Assert.Equal("InvalidRequest", error.Error!.Code);
        Assert.Equal("NotificationUrl scheme='http' is not supported.", error.Error.Message);
    }

    [Fact]
    public async Task Unreadable_json_gets_Graphs_exact_error_shape_with_request_ids()
    {
        using var http = Simulator.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1.0/subscriptions") { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
        request.Headers.Add("client-request-id", "my-client-id");
        request.Headers.Authorization = new("Bearer", await RawTokens.AppOnlyAsync(http));

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var requestId = Assert.Single(response.Headers.GetValues("request-id"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("BadRequest", error.GetProperty("code").GetString());
        Assert.StartsWith("Unable to read JSON request payload.", error.GetProperty("message").GetString());
        var inner = error.GetProperty("innerError");
        Assert.Equal(requestId, inner.GetProperty("request-id").GetString());
        Assert.Equal("my-client-id", inner.GetProperty("client-request-id").GetString());
        Assert.Equal("2026-11-02T08:00:00", inner.GetProperty("date").GetString());
    }
}
