using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OutlookSync.Queueing;
using OutlookSync.Queueing.Outbox;
using OutlookSync.Storage;
using Xunit;

namespace OutlookSync.Tests.Queueing;

/// <summary>Many jobs written to the outbox in one statement (the cron's and a large activation's way), on each store.</summary>
public abstract class JobOutboxBatches : ServiceTest
{
    [Fact]
    public async Task Jobs_are_stored_byte_for_byte_and_reach_the_queue_once_the_transaction_commits()
    {
        // Any bytes, not only the JSON jobs are today: nothing in the statement may depend on a body being text.
        byte[][] bodies = [[0x00, 0xFF, 0xC3, 0x28], "{\"job\":\"ü €\"}"u8.ToArray(), [], .. Enumerable.Range(0, 500).Select(i => BitConverter.GetBytes(i))];
        await using var scope = Service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<JobOutbox>();

        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await outbox.AddManyAsync([.. bodies.Select(b => new OutboxJob(QueueNames.RenewWebhook, b))], CancellationToken.None);
            var stored = await db.Outbox.OrderBy(m => m.Id).Select(m => new { m.Queue, m.Body }).ToListAsync();

            Assert.Equal(bodies, stored.Select(m => m.Body));
            Assert.All(stored, m => Assert.Equal(QueueNames.RenewWebhook, m.Queue));
            Assert.Equal(0, Queue.Depth(QueueNames.RenewWebhook));
            await transaction.CommitAsync();
        }

        // The commit wakes the relay (no poll needed for the jobs to move).
        await Eventually.UntilAsync<object>(() => Task.FromResult<object?>(Queue.Depth(QueueNames.RenewWebhook) == bodies.Length ? true : null), $"{bodies.Length} jobs on the queue");
    }

    [Fact]
    public async Task Outside_a_transaction_nothing_is_written()
    {
        await using var scope = Service.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<JobOutbox>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => outbox.AddManyAsync([new OutboxJob(QueueNames.Inbound, [1, 2, 3])], CancellationToken.None));

        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<SyncDbContext>().Outbox.CountAsync());
    }

    private InProcessJobQueue Queue => Service.Services.GetRequiredService<InProcessJobQueue>();
}

public sealed class JobOutboxBatchTests : JobOutboxBatches;

public sealed class JobOutboxBatchOnPostgreSqlTests : JobOutboxBatches
{
    protected override bool OnPostgreSql => true;
}
