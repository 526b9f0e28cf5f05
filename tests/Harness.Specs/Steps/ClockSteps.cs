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

    /// <summary>Hour steps: after each, the cron runs (where it is enabled) and the service settles.</summary>
    [When("{int} simulated days pass hour by hour")]
    public async Task WhenDaysPassHourByHour(int days)
    {
        for (var hour = 0; hour < days * 24; hour++)
        {
            world.Clock.Advance(TimeSpan.FromHours(1));
            await world.SettleServiceAsync(clockMoved: true);
        }
    }

    /// <summary>Steps of the cron's interval (5 minutes), the service settling after each.</summary>
    [When("{int} simulated minutes pass in cron intervals")]
    public async Task WhenMinutesPassInCronIntervals(int minutes)
    {
        for (var passed = 0; passed < minutes; passed += 5)
        {
            world.Clock.Advance(TimeSpan.FromMinutes(5));
            await world.SettleServiceAsync(clockMoved: true);
        }
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
