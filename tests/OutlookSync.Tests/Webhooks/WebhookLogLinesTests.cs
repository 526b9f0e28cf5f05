using Harness.Testing.Waiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OutlookSync.Storage;
using OutlookSync.Webhooks;
using Xunit;

namespace OutlookSync.Tests.Webhooks;

/// <summary>The webhook's log lines, written in the background in one statement, arrive whole and in order; on each store.</summary>
public abstract class WebhookLogLines : ServiceTest
{
    [Fact]
    public async Task Log_lines_written_later_keep_every_field_and_their_order()
    {
        // Milliseconds: what the stores keep of a moment (see StoredTime).
        var at = new DateTimeOffset(2026, 11, 27, 4, 5, 6, 789, TimeSpan.Zero);
        var lines = new List<WebhookEvent>
        {
            new() { At = at, Kind = "notification", SubscriptionId = "sub-\"a\"", Change = "created", Outcome = WebhookEvent.Outcomes.Queued },
            new() { At = at.AddMilliseconds(1), Kind = "notification", SubscriptionId = null, Change = null, Outcome = "3 more in the same request, not listed" },
            new() { At = at.AddDays(-400), Kind = "notification", SubscriptionId = "späť 'x' \\ ✓", Change = "deleted", Outcome = WebhookEvent.Outcomes.Spoofed },
        };

        Service.Services.GetRequiredService<WebhookCommits>().CommitLater(lines);

        var stored = await Eventually.UntilAsync(async () =>
        {
            await using var scope = Service.Services.CreateAsyncScope();
            var rows = await scope.ServiceProvider.GetRequiredService<SyncDbContext>().WebhookEvents.OrderBy(e => e.Id).ToListAsync();
            return rows.Count == lines.Count ? rows : null;
        }, "the log lines to be written");

        Assert.Equal(
            lines.Select(l => (l.At, l.Kind, l.SubscriptionId, l.Change, l.Outcome)),
            stored.Select(l => (l.At, l.Kind, l.SubscriptionId, l.Change, l.Outcome)));
    }
}

public sealed class WebhookLogLinesTests : WebhookLogLines;

public sealed class WebhookLogLinesOnPostgreSqlTests : WebhookLogLines
{
    protected override bool OnPostgreSql => true;
}
