using Microsoft.Extensions.Time.Testing;
using OutlookSync.Queueing.Outbox;
using Xunit;

namespace OutlookSync.Tests.Queueing;

/// <summary>A deferred job wakes the relay when it falls due on the service's clock, not at the relay's next poll.</summary>
public sealed class OutboxSignalTests
{
    [Fact]
    public async Task The_relay_is_woken_when_each_deferred_job_falls_due_and_not_before()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
        var signal = new OutboxSignal(clock);
        signal.NudgeAt(clock.GetUtcNow().AddSeconds(10));
        signal.NudgeAt(clock.GetUtcNow().AddSeconds(5));

        clock.Advance(TimeSpan.FromSeconds(4));
        var early = await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var first = await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None);
        var between = await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));
        var second = await signal.WaitAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.Equal((false, true, false, true), (early, first, between, second));
    }
}
