using Harness.Specs.Support;
using Microsoft.Extensions.DependencyInjection;
using OutlookSync.Diagnostics;
using Reqnroll;
using Xunit;

namespace Harness.Specs.Steps;

/// <summary>
/// How often the service read calendars at Graph (delta rounds), and how many jobs it answered without reading,
/// counted over every worker node from a point the scenario marks.
/// </summary>
[Binding]
public sealed class GraphReadSteps(ScenarioWorld world)
{
    private (long Reads, long Answered) _mark;

    /// <summary>Waits until the service has settled, then starts counting reads of Graph and jobs answered without one.</summary>
    [Given("the reads of Graph are counted from here")]
    public async Task GivenCountedFromHere()
    {
        await world.SettleServiceAsync();
        _mark = Counts();
    }

    /// <summary>After the service has settled (jobs that wait for a later moment on the clock keep waiting).</summary>
    [Then("since then the service read the calendar at Graph {int} time(s) and answered {int} job(s) without reading it")]
    public async Task ThenReadsSinceMark(int reads, int answered)
    {
        await world.SettleServiceAsync();
        var (nowReads, nowAnswered) = Counts();
        Assert.True((nowReads - _mark.Reads, nowAnswered - _mark.Answered) == (reads, answered),
            $"since the mark the service read Graph {nowReads - _mark.Reads} time(s) and answered {nowAnswered - _mark.Answered} job(s) without reading it");
    }

    /// <summary>Jobs in the outbox until a later moment on the shared clock (Sync:MinRoundInterval), after the service has settled.</summary>
    [Then("{int} job(s) wait(s) for the calendar's next read")]
    public async Task ThenJobsWait(int count)
    {
        await world.SettleServiceAsync();
        var waiting = await world.Service.DeferredJobsAsync();
        Assert.True(waiting.Count == count, $"{waiting.Count} job(s) wait in the outbox: until {string.Join(", ", waiting.Select(w => w.ToString("o")))}");
    }

    private (long Reads, long Answered) Counts()
    {
        var counters = world.ServiceNodes.Where(n => n.RunsWorkers).Select(n => n.Services.GetRequiredService<SyncCounters>()).ToList();
        return (counters.Sum(c => c.Syncs), counters.Sum(c => c.SyncsCovered));
    }
}
