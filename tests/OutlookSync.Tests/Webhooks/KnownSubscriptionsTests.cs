using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OutlookSync.Queueing;
using OutlookSync.Storage;
using OutlookSync.Webhooks;
using Xunit;

namespace OutlookSync.Tests.Webhooks;

/// <summary>
/// The webhook remembers the subscriptions it let through, so it does not read the database for every POST; a change
/// this node commits that could alter its answer makes it read again at once. On each store.
/// </summary>
public abstract class KnownSubscriptionsTest : ServiceTest
{
    private HttpClient _http = null!;

    protected override async Task StartedAsync()
    {
        _http = new HttpClient { BaseAddress = Service.BaseAddress };
        await WebhookSeeds.SubscriptionsAsync(Service, active: true);
    }

    protected override Task StoppingAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    private WebhookCounters Counters => Service.Services.GetRequiredService<WebhookCounters>();

    private Task<HttpResponseMessage> PostAsync(string eventId = "1") => WebhookSeeds.PostNotificationAsync(_http, eventId);

    private async Task ChangeAsync(Func<SyncDbContext, Task> change)
    {
        await using var scope = Service.Services.CreateAsyncScope();
        await change(scope.ServiceProvider.GetRequiredService<SyncDbContext>());
    }

    [Fact]
    public async Task A_subscription_once_let_through_is_checked_without_the_database()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync()).StatusCode);

        // As another node would: a delete this node's unit of work never sees.
        await ChangeAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"Subscriptions\" WHERE \"Id\" = 'sub-a'"));

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("2")).StatusCode);
        Assert.Equal(2, Counters.AcceptedCount);
    }

    [Fact]
    public async Task A_wrong_client_state_for_a_remembered_subscription_is_still_refused()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync()).StatusCode);

        var forged = await _http.PostAsync(OutlookWebhookEndpoint.Path, new StringContent(
            """{"value":[{"subscriptionId":"sub-a","changeType":"created","clientState":"guessed","resource":"Users/u/Events/2"}]}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(1, Counters.RejectedCount);
    }

    [Fact]
    public async Task A_subscription_deleted_on_this_node_is_refused_at_once()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync()).StatusCode);

        await ChangeAsync(async db =>
        {
            db.Subscriptions.Remove(await db.Subscriptions.SingleAsync(s => s.Id == "sub-a"));
            await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync("2")).StatusCode);
        Assert.Equal(1, Counters.RejectedCount);
    }

    [Fact]
    public async Task An_integration_deactivated_on_this_node_has_its_notifications_ignored_at_once()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync()).StatusCode);

        await ChangeAsync(async db =>
        {
            (await db.Integrations.SingleAsync()).Active = false;
            await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("2")).StatusCode);
        Assert.Equal(1, Counters.IgnoredCount);
        Assert.Equal(1, Counters.AcceptedCount);
    }

    [Fact]
    public async Task A_change_inside_a_transaction_counts_once_it_is_committed()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync()).StatusCode);

        await ChangeAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Subscriptions.Remove(await db.Subscriptions.SingleAsync(s => s.Id == "sub-a"));
            await db.SaveChangesAsync();

            // Not committed: the subscription still exists for everyone else, and the webhook still remembers it.
            Assert.True(Service.Services.GetRequiredService<KnownSubscriptions>().TryGet("sub-a", out _));

            await transaction.CommitAsync();
        });

        Assert.False(Service.Services.GetRequiredService<KnownSubscriptions>().TryGet("sub-a", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync("2")).StatusCode);
    }

    [Fact]
    public async Task A_calendar_removed_on_this_node_has_its_notifications_ignored_at_once()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync()).StatusCode);

        await ChangeAsync(async db =>
        {
            var mappingId = await db.Subscriptions.Where(s => s.Id == "sub-a").Select(s => s.MappingId).SingleAsync();
            db.Mappings.Remove(await db.Mappings.SingleAsync(m => m.Id == mappingId));
            await db.SaveChangesAsync();
        });

        // Its subscription is still ours (deleted at Graph later), but no active integration syncs the calendar.
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("2")).StatusCode);
        Assert.Equal(1, Counters.IgnoredCount);
    }
}

public sealed class KnownSubscriptionsTests : KnownSubscriptionsTest;

public sealed class KnownSubscriptionsOnPostgreSqlTests : KnownSubscriptionsTest
{
    protected override bool OnPostgreSql => true;
}
