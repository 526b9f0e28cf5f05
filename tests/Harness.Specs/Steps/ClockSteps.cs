using Harness.Specs.Support;
using Reqnroll;

namespace Harness.Specs.Steps;

/// <summary>Moving the one clock the simulator and the service share.</summary>
[Binding]
public sealed class ClockSteps(ScenarioWorld world)
{
    [When("{int} simulated seconds pass")]
    public void WhenSecondsPass(int seconds) => world.Clock.Advance(TimeSpan.FromSeconds(seconds));

    [When("{int} simulated days pass")]
    public async Task WhenDaysPass(int days)
    {
        world.Clock.Advance(TimeSpan.FromDays(days));
        await world.SettleAsync();
    }

    /// <summary>Minute steps, letting every due delivery happen before the next minute starts.</summary>
    [When("{int} simulated hours pass minute by minute")]
    public async Task WhenHoursPassMinuteByMinute(int hours)
    {
        for (var minute = 0; minute < hours * 60; minute++)
        {
            world.Clock.Advance(TimeSpan.FromMinutes(1));
            await world.SettleAsync();
        }
    }
}
