using Harness.Gherkin.Hosting;
using Harness.Testing;
using Harness.Testing.RabbitMq;
using Reqnroll;

namespace Harness.Specs.Support;

[Binding]
public sealed class Hooks(ScenarioWorld world, OperatorBrowser browser, ScenarioContext scenario)
{
    [BeforeTestRun]
    public static void StartFreshReports()
    {
        var tally = Path.Combine(Artifacts.Folder("faults"), "tally.txt");
        File.Delete(tally);
    }

    /// <summary>
    /// The shared broker takes seconds to boot: it starts now, beside the first scenarios' own set-up. A failure is
    /// not lost: the first scenario that needs the broker starts it again and fails saying why.
    /// </summary>
    [BeforeTestRun]
    public static void StartTheBroker() => _ = RabbitMqBroker.SharedAsync();

    /// <summary>PostgreSQL too, when the run needs it (STORAGE=postgres, or a @postgresql scenario): its first scenario would otherwise wait seconds for initdb.</summary>
    [BeforeTestRun]
    public static void StartPostgreSqlIfNeeded()
    {
        if (Harness.Testing.Databases.TestDatabase.PostgreSqlRequested || RunScope.Current.Tags.Contains("postgresql"))
        {
            _ = Harness.Testing.Databases.PostgreSqlServer.SharedAsync();
        }
    }

    /// <summary>@postgresql: the scenario's nodes share a PostgreSQL database even when the run's store is SQLite.</summary>
    [BeforeScenario]
    public void ChooseTheStore() =>
        world.RequiresPostgreSql = scenario.ScenarioInfo.CombinedTags.Contains("postgresql", StringComparer.OrdinalIgnoreCase);

    /// <summary>A failed scenario leaves what each service node logged (warnings and up) in artifacts/logs, for the person reading the failure.</summary>
    [AfterScenario(Order = 0)]
    public void KeepLogsOfAFailure()
    {
        if (scenario.ScenarioExecutionStatus == ScenarioExecutionStatus.OK || world.ServiceNodes.Count == 0)
        {
            return;
        }

        var file = Path.Combine(Artifacts.Folder("logs"), FileName(scenario.ScenarioInfo.Title) + ".log");
        File.WriteAllLines(file, world.ServiceNodes.SelectMany((node, i) => node.Logs.Lines
            .Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning)
            .Select(l => $"node {i}: {l}")));
    }

    /// <summary>A failed scenario that used the browser also leaves what the operator last saw, in artifacts/screens/failed-*.png.</summary>
    [AfterScenario(Order = 0)]
    public async Task KeepTheScreenOfAFailure()
    {
        if (scenario.ScenarioExecutionStatus != ScenarioExecutionStatus.OK && browser.IsOpen)
        {
            try
            {
                await browser.KeepScreenAsync("failed-" + FileName(scenario.ScenarioInfo.Title));
            }
            catch (Microsoft.Playwright.PlaywrightException)
            {
                // The page is gone (the browser crashed): the failure itself says more.
            }
        }
    }

    [AfterScenario(Order = 1)]
    public async Task DisposeWorld()
    {
        await browser.DisposeAsync();
        await world.DisposeAsync();
    }

    [AfterTestRun]
    public static async Task StopSharedParts()
    {
        await RabbitMqBroker.StopSharedAsync();
        await Harness.Testing.Databases.PostgreSqlServer.StopSharedAsync();
        await Harness.Testing.Browser.Chromium.StopAsync();
    }

    /// <summary>The scenario's title as a file name: letters and digits kept, everything else a dash.</summary>
    private static string FileName(string title) => string.Concat(title.Select(c => char.IsLetterOrDigit(c) ? c : '-'));
}
