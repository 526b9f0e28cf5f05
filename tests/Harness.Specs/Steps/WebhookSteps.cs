using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GraphSimulator.Notifications;
using Harness.Gherkin.Steps;
using Harness.Specs.Support;
using Harness.Testing.Waiting;
using Reqnroll;

namespace Harness.Specs.Steps;

/// <summary>
/// What reaches the webhook that is not a well-formed notification from Graph, and the web node's webhook tallies
/// (the status API's "webhook" counters, also on the diagnostics screen). Each posting step keeps the answer for
/// "Then the webhook refused the notification with HTTP ...".
/// </summary>
[Binding]
public sealed class WebhookSteps(ScenarioWorld world)
{
    private static readonly Dictionary<string, string> Counters = new(StringComparer.Ordinal)
    {
        ["queued"] = "accepted",
        ["rejected as spoofed"] = "rejected",
        ["ignored"] = "ignored",
        ["malformed"] = "malformed",
        ["too large"] = "tooLarge",
        ["refused while the database was busy"] = "refused",
    };

    /// <summary>A body that is JSON in name only; expected answer 400, nothing queued.</summary>
    [When("a notification body that is not JSON is posted to the webhook")]
    public Task WhenNotJson() => PostAsync(new StringContent("{\"value\": [ this is not json", Encoding.UTF8, "application/json"), "a body that is not JSON");

    /// <summary>A body of so many MB (Graph's batches are a few KB); above 1 MB the expected answer is 413, nothing queued.</summary>
    [When("a notification body of {int} MB is posted to the webhook")]
    public Task WhenOversized(int megabytes) =>
        PostAsync(new StringContent($"{{\"value\": [], \"padding\": \"{new string('x', megabytes * 1024 * 1024)}\"}}", Encoding.UTF8, "application/json"), $"a {megabytes} MB body");

    /// <summary>A well-formed notification naming a subscription the service never created; expected answer 403, nothing queued.</summary>
    [When("a notification for a subscription the service does not know arrives")]
    public Task WhenUnknownSubscription() =>
        PostAsync(JsonContent.Create(new
        {
            value = new[] { new { subscriptionId = Guid.NewGuid().ToString(), clientState = "guess", changeType = "created", resource = "Users/x/Events/1", resourceData = new { id = "1" } } },
        }), "a notification for an unknown subscription");

    /// <summary>
    /// Rows (each optional; the others are not checked): queued, rejected as spoofed, ignored, malformed, too large,
    /// refused while the database was busy. Counts since the web node started; polls, then names every counter it read.
    /// </summary>
    [Then("the webhook's counters are:")]
    public Task ThenCounters(Table counters)
    {
        var expected = SettingsTable.Read(counters, "webhook counters", [.. Counters.Keys])
            .Select(r => (r.Field, Count: long.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        return Eventually.UntilMatchesAsync(
            async () =>
            {
                var webhook = (await world.StatusAsync()).GetProperty("webhook");
                var read = Counters.ToDictionary(c => c.Key, c => webhook.GetProperty(c.Value).GetInt64());
                return expected.All(e => read[e.Field] == e.Count) ? null : string.Join(", ", read.Select(r => $"{r.Key} {r.Value}"));
            },
            "the webhook's counters to be " + string.Join(", ", expected.Select(e => $"{e.Field} {e.Count}")));
    }

    private async Task PostAsync(HttpContent body, string what)
    {
        // Expect: 100-continue, as a well-behaved client sends a large body: the 413 then arrives before the body is sent.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, world.Service.WebhookUrl) { Content = body };
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request);
        world.LastDelivery = new DeliveryAttempt("", "", "", world.Clock.GetUtcNow(), (int)response.StatusCode, $"{what}, posted by a stranger", TimeSpan.Zero);
    }
}
