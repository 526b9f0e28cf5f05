using System.Net;
using System.Net.Http.Json;
using System.Text;
using Harness.Testing.Apps;
using Microsoft.Extensions.DependencyInjection;
using OutlookSync.Queueing;
using Xunit;

namespace OutlookSync.Tests.Webhooks;

/// <summary>The anonymous webhook against hostile and malformed input, on the in-process queue; on each store.</summary>
public abstract class WebhookInput : ServiceTest
{
    protected HttpClient Http { get; private set; } = null!;

    protected override async Task StartedAsync()
    {
        Http = new HttpClient { BaseAddress = Service.BaseAddress };
        await WebhookSeeds.SubscriptionsAsync(Service, active: true);
    }

    protected override Task StoppingAsync()
    {
        Http.Dispose();
        return Task.CompletedTask;
    }

    private InProcessJobQueue Queue => Service.Services.GetRequiredService<InProcessJobQueue>();

    /// <summary>Jobs the webhook produced: still in the outbox, or already handed to the queue.</summary>
    protected async Task<int> QueuedAsync() => await Service.OutboxCountAsync() + Queue.Depth(QueueNames.Inbound);

    [Theory]
    [InlineData("Validation: Testing client application reachability for subscription Request-Id: 5f2c")]
    [InlineData("a+b c%20d&e=f:g/h?i")]
    [InlineData("<script>alert(1)</script>")]
    public async Task The_validation_token_is_echoed_exactly_as_plain_text(string token)
    {
        var response = await Http.PostAsync($"{OutlookWebhookPath}?validationToken={Uri.EscapeDataString(token)}", new StringContent("", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(token, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_validation_token_longer_than_any_graph_token_is_refused()
    {
        var response = await Http.PostAsync($"{OutlookWebhookPath}?validationToken={new string('a', 1025)}", new StringContent("", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(new string('a', 1025), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("not json at all", "application/json")]
    [InlineData("{\"value\": 5}", "application/json")]
    [InlineData("{\"value\": []}", "application/json")]
    [InlineData("{}", "application/json")]
    [InlineData("{\"value\":[{\"changeType\":\"created\"}]}", "application/json")]
    [InlineData("{\"value\":[{\"subscriptionId\":\"s1\"}]}", "application/json")]
    [InlineData("{\"value\":[null]}", "application/json")]
    [InlineData("{\"value\":[{\"subscriptionId\":\"s1\",\"changeType\":\"created\"}]}", "text/plain")]
    public async Task A_malformed_notification_is_rejected_with_400_and_queues_nothing(string body, string contentType)
    {
        var response = await Http.PostAsync(OutlookWebhookPath, new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await QueuedAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_oversized_body_is_rejected_with_413(bool withContentLength)
    {
        var huge = "{\"value\":[" + string.Join(',', Enumerable.Repeat("{\"subscriptionId\":\"s1\",\"changeType\":\"created\"}", 30_000)) + "]}";
        HttpContent content = withContentLength
            ? new StringContent(huge, Encoding.UTF8, "application/json")
            : new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))) { Headers = { ContentType = new("application/json") } };
        using var request = new HttpRequestMessage(HttpMethod.Post, OutlookWebhookPath) { Content = content };
        request.Headers.TransferEncodingChunked = !withContentLength;

        var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await QueuedAsync());
    }

    [Fact]
    public async Task A_batch_becomes_one_job_per_subscription_and_is_acknowledged_with_202()
    {
        var batch = new
        {
            value = new[]
            {
                new { subscriptionId = "sub-a", changeType = "created", clientState = "cs-a", resource = "Users/u/Events/1", resourceData = new { id = "1" } },
                new { subscriptionId = "sub-a", changeType = "updated", clientState = "cs-a", resource = "Users/u/Events/2", resourceData = new { id = "2" } },
                new { subscriptionId = "sub-b", changeType = "deleted", clientState = "cs-b", resource = "Users/v/Events/3", resourceData = new { id = "3" } },
                new { subscriptionId = "sub-b", changeType = "deleted", clientState = "spoofed", resource = "Users/v/Events/4", resourceData = new { id = "4" } },
            },
        };

        var response = await Http.PostAsJsonAsync(OutlookWebhookPath, batch);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Harness.Testing.Waiting.Eventually.UntilAsync(() => Service.OutboxCountAsync().Result == 0, "the relay to move the jobs to the queue");
        Assert.Equal(2, Queue.Depth(QueueNames.Inbound));
    }

    [Fact]
    public async Task A_hostile_batch_of_many_spoofed_items_is_logged_once_with_control_characters_escaped()
    {
        var items = Enumerable.Range(0, 500).Select(i => new { subscriptionId = $"evil-{i}\r\nINFO forged line", clientState = "x", changeType = "created", resource = "Users/u/Events/1" });

        var response = await Http.PostAsJsonAsync(OutlookWebhookPath, new { value = items });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var warnings = Service.Logs.Lines.Where(l => l.Message.Contains("Rejected", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(warnings);
        Assert.Contains("Rejected 500 notification(s) of 500", warning.Message);
        Assert.DoesNotContain('\n', warning.Message);
        Assert.Contains("\\u000d\\u000a", warning.Message);
    }

    [Theory]
    [InlineData("sub-a", "wrong-state")]
    [InlineData("sub-a", null)]
    [InlineData("not-ours", "cs-a")]
    public async Task A_spoofed_notification_is_refused_counted_and_queues_nothing(string subscriptionId, string? clientState)
    {
        var counters = Service.Services.GetRequiredService<OutlookSync.Webhooks.WebhookCounters>();
        var before = counters.RejectedCount;

        var response = await Http.PostAsJsonAsync(OutlookWebhookPath, new { value = new[] { new { subscriptionId, clientState, changeType = "created", resource = "Users/u/Events/1" } } });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before + 1, counters.RejectedCount);
        Assert.Equal(0, await QueuedAsync());
    }

    protected const string OutlookWebhookPath = OutlookSync.Webhooks.OutlookWebhookEndpoint.Path;
}

/// <summary>
/// The same on PostgreSQL, in the same test process as the SQLite ones: the webhook's compiled check must build a
/// query for each store's model, not run the first store's SQL on the other.
/// </summary>
public sealed class WebhookInputOnPostgreSqlTests : WebhookInput
{
    protected override bool OnPostgreSql => true;
}

/// <summary>On SQLite, with what only SQLite has: another process holding the file's write lock.</summary>
public sealed class WebhookInputTests : WebhookInput
{
    [Fact]
    public async Task A_notification_that_cannot_be_stored_within_graphs_three_seconds_gets_503_so_graph_retries()
    {
        // Another process holds the database's write lock (a long migration, a stuck writer).
        await using var locker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataFolder, "outlook-sync.db")}");
        await locker.OpenAsync();
        await using (var begin = locker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var response = await Http.PostAsJsonAsync(OutlookWebhookPath, new { value = new[] { new { subscriptionId = "sub-a", changeType = "created", clientState = "cs-a", resource = "Users/u/Events/1" } } });
        var answeredIn = started.Elapsed;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(answeredIn < TimeSpan.FromSeconds(3), $"answered after {answeredIn.TotalSeconds:0.0} s; Graph gives up after 3 s");
        await using (var rollback = locker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.Equal(0, await QueuedAsync());
        var retried = await Http.PostAsJsonAsync(OutlookWebhookPath, new { value = new[] { new { subscriptionId = "sub-a", changeType = "created", clientState = "cs-a", resource = "Users/u/Events/1" } } });
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
    }
}
