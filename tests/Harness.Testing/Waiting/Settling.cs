using GraphSimulator.Calendars;
using GraphSimulator.Notifications;
using Harness.Testing.Apps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Harness.Testing.Waiting;

/// <summary>Waits until the simulator and the service have finished what is due at the current simulated time.</summary>
public static class Settling
{
    /// <summary>
    /// The simulator has posted every notification of the changes made so far and the rooms have answered: what is
    /// due now, and what waits for Graph's latency or a room's booking attendant, for which the shared simulated
    /// clock jumps to when it is due (only that far: retries and delays asked for by a scenario stay in the future).
    /// </summary>
    public static async Task SimulatorAsync(SimulatorApp simulator, TimeSpan? timeout = null)
    {
        var scheduler = simulator.Services.GetRequiredService<DeliveryScheduler>();
        var rooms = simulator.Services.GetRequiredService<RoomAnswers>();
        while (true)
        {
            await Eventually.UntilAsync(() => scheduler.IsIdle, "the simulator to post every due notification", timeout);
            if (new[] { scheduler.NextInTransit, rooms.NextDue }.Min() is not { } due)
            {
                return;
            }

            if (simulator.Time is FakeTimeProvider clock && due > clock.GetUtcNow())
            {
                clock.Advance(due - clock.GetUtcNow());
            }

            rooms.ReleaseDue();
            scheduler.ReleaseInTransit();
        }
    }

    /// <summary>
    /// The cron (where one runs, after the clock moved by at least its interval) has run at this instant, and
    /// no job waits or runs in any node. Repeats until nothing moves, since one job can queue another.
    /// </summary>
    public static async Task ServiceAsync(SimulatorApp simulator, IReadOnlyList<SyncServiceApp> nodes, TimeProvider clock, bool clockMoved, TimeSpan? timeout = null)
    {
        if (clockMoved && nodes.FirstOrDefault(n => n.RunsCron) is { } cron)
        {
            var now = clock.GetUtcNow();
            await Eventually.UntilAsync(async () => await cron.LastCronRunAsync() >= now ? "ran" : null, "the cron to run at the current simulated time", timeout);
        }

        for (var quietRounds = 0; quietRounds < 2;)
        {
            await SimulatorAsync(simulator, timeout);
            var busy = false;
            foreach (var node in nodes.Where(n => n.RunsWorkers))
            {
                busy |= await node.IsBusyAsync();
            }

            quietRounds = busy ? 0 : quietRounds + 1;
            if (busy)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(2));
            }
        }
    }
}
