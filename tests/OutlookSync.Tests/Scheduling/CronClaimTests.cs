using System.Net.Http.Json;
using System.Text.Json;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OutlookSync.Integrations;
using OutlookSync.Queueing;
using OutlookSync.Scheduling;
using OutlookSync.Storage;
using OutlookSync.Subscriptions;
using Xunit;

namespace OutlookSync.Tests.Scheduling;

/// <summary>
/// ExecuteIntegrations claims its items in batches: each due renewal, recreation, poll and removal is queued once,
/// however many runs overlap (several nodes, a manual run beside the schedule). On each store.
/// </summary>
public abstract class CronClaims : ServiceTest
{
    // Four kinds of calendar, a quarter each: no subscription (recreation), expiring with a recent sync (renewal),
    // expiring and never synced (renewal and poll), not expiring and recently synced (nothing).
    private const int Calendars = 200;
    private const int Recreations = Calendars / 4;
    private const int Renewals = Calendars / 2;
    private const int Polls = Calendars / 4;

    private DateTimeOffset Now => Clock.GetUtcNow();

    [Fact]
    public async Task A_run_queues_each_due_item_once_and_the_next_run_nothing()
    {
        await SeedAsync();

        var first = await RunThroughAdminApiAsync();
        var second = await RunThroughAdminApiAsync();

        Assert.Equal((Renewals, Recreations, Polls), first);
        Assert.Equal((0, 0, 0), second);
        Assert.Equal(Renewals + Recreations, await JobsAsync(QueueNames.RenewWebhook));
        Assert.Equal(Polls, await JobsAsync(QueueNames.Inbound));
    }

    [Fact]
    public async Task Runs_at_the_same_moment_queue_each_item_once()
    {
        await SeedAsync();

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(async () =>
        {
            await using var scope = Service.Services.CreateAsyncScope();
            var heartbeat = await scope.ServiceProvider.GetRequiredService<ExecuteIntegrations>().RunAsync($"node {i}", CancellationToken.None);
            return (heartbeat.RenewalsQueued, heartbeat.RecreationsQueued, heartbeat.PollsQueued);
        })));

        Assert.Equal(Renewals, runs.Sum(r => r.RenewalsQueued));
        Assert.Equal(Recreations, runs.Sum(r => r.RecreationsQueued));
        Assert.Equal(Polls, runs.Sum(r => r.PollsQueued));
        Assert.Equal(Renewals + Recreations, await JobsAsync(QueueNames.RenewWebhook));
    }

    [Fact]
    public async Task A_claim_holds_for_hours_and_a_lost_one_is_queued_again()
    {
        await SeedAsync();
        await RunThroughAdminApiAsync();

        // Five hours on, the renewals are still claimed (their jobs are on their way); recreations are due again, and
        // polls for every subscribed calendar (none synced since).
        Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal((0, Recreations, Polls * 3), await RunThroughAdminApiAsync());

        // Seven hours on, a renewal not done yet seems lost: queued again, once.
        Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal((Renewals, Recreations, Polls * 3), await RunThroughAdminApiAsync());
    }

    [Fact]
    public async Task A_subscription_renewed_since_the_run_read_it_is_not_queued()
    {
        await SeedAsync();
        await using (var scope = Service.Services.CreateAsyncScope())
        {
            // As a renew worker does: the subscription now lives three more days.
            var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
            await db.Subscriptions.ExecuteUpdateAsync(set => set.SetProperty(s => s.ExpiresAt, Now + TimeSpan.FromDays(3)));
        }

        Assert.Equal(0, (await RunThroughAdminApiAsync()).Renewals);
    }

    [Fact]
    public async Task Subscriptions_of_a_deactivated_integration_are_queued_for_removal_once()
    {
        await SeedAsync();
        await using (var scope = Service.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SyncDbContext>().Integrations.ExecuteUpdateAsync(set => set.SetProperty(i => i.Active, false));
        }

        Assert.Equal((0, 0, 0), await RunThroughAdminApiAsync());
        await RunThroughAdminApiAsync();

        Assert.Equal(Calendars - Recreations, await JobsAsync(QueueNames.RenewWebhook));
    }

    private async Task SeedAsync()
    {
        await using var scope = Service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
        var integration = new Integration { Name = "cron", TenantId = Guid.NewGuid().ToString(), ClientId = Guid.NewGuid().ToString(), Active = true };
        db.Integrations.Add(integration);
        var rooms = Enumerable.Range(0, Calendars).Select(i => new Bookings.BookableObject { Name = $"Room {i}" }).ToList();
        db.Objects.AddRange(rooms);
        await db.SaveChangesAsync();
        var mappings = rooms.Select((room, i) => new CalendarMapping
        {
            IntegrationId = integration.Id, ObjectId = room.Id, Mailbox = $"room{i}@rooms.test",
            LastSyncAt = i % 4 == 2 ? null : Now,
        }).ToList();
        db.Mappings.AddRange(mappings);
        await db.SaveChangesAsync();
        db.Subscriptions.AddRange(mappings.Select((mapping, i) => (mapping, i)).Where(m => m.i % 4 != 0).Select(m => new GraphSubscription
        {
            Id = $"sub-{m.i}", MappingId = m.mapping.Id, ProtectedClientState = "unused", CreatedAt = Now,
            ExpiresAt = Now + TimeSpan.FromDays(m.i % 4 == 3 ? 3 : 1),
        }));
        await db.SaveChangesAsync();
    }

    /// <summary>POST /api/admin/cron/run, as an operator does: what the run queued.</summary>
    private async Task<(int Renewals, int Recreations, int Polls)> RunThroughAdminApiAsync()
    {
        using var admin = Service.CreateAdminClient();
        var response = await admin.PostAsync("api/admin/cron/run", null);
        response.EnsureSuccessStatusCode();
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (run.GetProperty("renewalsQueued").GetInt32(), run.GetProperty("recreationsQueued").GetInt32(), run.GetProperty("pollsQueued").GetInt32());
    }

    /// <summary>
    /// Jobs for <paramref name="queue"/>, once the relay has handed every outbox row to the in-process queue (counted
    /// in both while it moves them, a job would count twice).
    /// </summary>
    private async Task<int> JobsAsync(string queue)
    {
        await Eventually.UntilAsync<object>(async () => await Service.OutboxCountAsync() == 0 ? true : null, "the outbox to be relayed");
        return Service.Services.GetRequiredService<InProcessJobQueue>().Depth(queue);
    }
}

public sealed class CronClaimTests : CronClaims;

public sealed class CronClaimOnPostgreSqlTests : CronClaims
{
    protected override bool OnPostgreSql => true;
}
