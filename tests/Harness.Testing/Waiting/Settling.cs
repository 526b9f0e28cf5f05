using GraphSimulator.Notifications;
using Harness.Testing.Apps;
using Microsoft.Extensions.DependencyInjection;

namespace Harness.Testing.Waiting;

/// <summary>Waits until the simulator and the service have finished what is due at the current simulated time.</summary>
public static class Settling
{
    /// <summary>The simulator has posted every notification that is due now.</summary>
    public static Task SimulatorAsync(SimulatorApp simulator, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => simulator.Services.GetRequiredService<DeliveryScheduler>().IsIdle, "the simulator to post every due notification", timeout);

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
                await Task.Delay(TimeSpan.FromMilliseconds(10));
            }
        }
    }
}
