using Harness.Specs.Support;
using Reqnroll;
using Harness.Gherkin.Steps;

namespace Harness.Specs.Steps;

/// <summary>Moving the one clock the simulator and the service share.</summary>
[Binding]
public sealed class ClockSteps(ScenarioWorld world)
{
    /// <summary>Moves the shared clock at once (does not wait: what falls due is posted as the simulator gets to it; Then steps poll).</summary>
    [When("{int} simulated second(s) pass(es)")]
    public void WhenSecondsPass(int seconds) => world.Clock.Advance(TimeSpan.FromSeconds(seconds));

    /// <summary>Moves the shared clock (and waits for due notifications).</summary>
    [StepWaits(Waits.NotificationsPosted)]
    [When("{int} simulated days pass")]
    public async Task WhenDaysPass(int days)
    {
        world.Clock.Advance(TimeSpan.FromDays(days));
        await world.SettleAsync();
    }

    /// <summary>Moves the shared clock in one jump (and waits for the notifications then due, lifecycle ones included).</summary>
    [StepWaits(Waits.NotificationsPosted)]
    [When("{int} simulated hours pass")]
    public async Task WhenHoursPass(int hours)
    {
        world.Clock.Advance(TimeSpan.FromHours(hours));
        await world.SettleAsync();
    }

    /// <summary>Hour steps: after each, the cron runs (where it is enabled) and the service settles.</summary>
    [StepWaits(Waits.ServiceSettled)]
    [When("{int} simulated days pass hour by hour")]
    public async Task WhenDaysPassHourByHour(int days)
    {
        for (var hour = 0; hour < days * 24; hour++)
        {
            world.Clock.Advance(TimeSpan.FromHours(1));
            await world.SettleServiceAsync(clockMoved: true);
        }
    }

    /// <summary>
    /// The clock jumps to the next moment something falls due (a renewal, 2 days before a subscription expires; Graph
    /// expiring or challenging a subscription; a calendar without a subscription; a deferred job), at least an hour at
    /// a time and hour by hour while anything is overdue (a renewal that keeps failing); at each stop the cron runs and
    /// the service settles. The cron's other work (the 30-minute polling fallback) happens at the stops only.
    /// </summary>
    [StepWaits(Waits.ServiceSettled)]
    [When("{int} simulated day(s) pass(es), stopping wherever something falls due")]
    public async Task WhenDaysPassStoppingWhenDue(int days)
    {
        var end = world.Clock.GetUtcNow().AddDays(days);
        for (var now = world.Clock.GetUtcNow(); now < end; now = world.Clock.GetUtcNow())
        {
            var due = await world.NextDueAsync() ?? end;
            var stop = due > now.AddHours(1) ? due : now.AddHours(1);
            world.Clock.Advance((stop < end ? stop : end) - now);
            await world.SettleServiceAsync(clockMoved: true);
        }
    }

    /// <summary>Steps of the cron's interval (5 minutes), the service settling after each.</summary>
    [StepWaits(Waits.ServiceSettled)]
    [Given("{int} simulated minutes pass in cron intervals")]
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
    [StepWaits(Waits.NotificationsPosted)]
    [When("{int} simulated hours pass minute by minute")]
    public async Task WhenHoursPassMinuteByMinute(int hours)
    {
        for (var minute = 0; minute < hours * 60; minute++)
        {
            world.Clock.Advance(TimeSpan.FromMinutes(1));
            await world.SettleAsync();
        }
    }

    /// <summary>
    /// The service's Graph calls (and throttled jobs waiting in the outbox) wait out Retry-After on the shared clock:
    /// move the clock to the end of each wait as it starts, until the simulator's faults are used up, the service has
    /// settled, and nothing waits any more (a job throttled by the last fault is deferred a moment after the fault is
    /// used up: settling first sees that deferral).
    /// </summary>
    [StepWaits(Waits.UntilHappened)]
    [When("the service waits out Graph's Retry-After")]
    public async Task WhenTheServiceWaitsOutRetryAfter()
    {
        await Harness.Testing.Waiting.Eventually.UntilAsync<object>(
            async () =>
            {
                if (await world.EarliestGraphWaitAsync() is { } until)
                {
                    world.Clock.Advance(until > world.Clock.GetUtcNow() ? until - world.Clock.GetUtcNow() : TimeSpan.Zero);
                    return null;
                }

                if (await world.Simulator.FaultsLeftAsync() > 0)
                {
                    return null;
                }

                await world.SettleServiceAsync();
                return await world.EarliestGraphWaitAsync() is null ? true : null;
            },
            "the service to wait out every Retry-After and the simulator's faults to be used up");
    }
}
